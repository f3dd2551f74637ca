package io.spectratrack.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertKind;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.TrackCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Enums a newer release may extend carry a default (UNKNOWN, their last symbol), so that a reader
 * of this release that is handed the newer writer's schema reads a new symbol as UNKNOWN instead of
 * failing. Handed is the word: a fingerprint it has never seen is still refused, by name.
 */
class EnumDefaultsTest {
    @Test
    void aCommandTypeAddedByANewerProducerReadsAsUnknown() throws IOException {
        Schema future = withExtraSymbol(TrackCommand.getClassSchema(), "REINIT", "PAUSE");
        byte[] bytes = write(future, r -> {
            r.put("cameraId", "cam-1");
            r.put("targetId", "t1");
            r.put("type", new GenericData.EnumSymbol(future.getField("type").schema(), "PAUSE"));
        });
        AvroCodec<TrackCommand> codec = AvroCodec.of(TrackCommand.class);
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("not a known TrackCommand version");

        codec.acceptWriterSchema(future);
        TrackCommand read = codec.decode(bytes);
        assertThat(read.getType()).isEqualTo(CommandType.UNKNOWN);
        assertThat(read.getTargetId()).isEqualTo("t1");
        assertThat(compatible(TrackCommand.getClassSchema(), future)).isTrue();
    }

    @Test
    void anAlertKindAddedByANewerRouterReadsAsUnknownAndTheRestOfTheAlertIsKept() throws IOException {
        Schema future = withExtraSymbol(Alert.getClassSchema(), "TARGET_REACQUIRED", "TARGET_SPLIT");
        byte[] bytes = write(future, r -> {
            r.put("alertId", "a9");
            r.put("kind", new GenericData.EnumSymbol(future.getField("kind").schema(), "TARGET_SPLIT"));
            r.put("cameraId", "cam-2");
            r.put("targetId", "t3");
            r.put("frameIndex", 77L);
            r.put("captureTimeMs", 1000L);
            r.put("message", "split in two");
        });
        AvroCodec<Alert> codec = AvroCodec.of(Alert.class).acceptWriterSchema(future);
        Alert read = codec.decode(bytes);
        assertThat(read.getKind()).isEqualTo(AlertKind.UNKNOWN);
        assertThat(read.getMessage()).isEqualTo("split in two");
        assertThat(read.getFrameIndex()).isEqualTo(77L);
    }

    @Test
    void unknownIsTheLastSymbolAndTheDefault() {
        for (Schema e : new Schema[] {CommandType.getClassSchema(), AlertKind.getClassSchema()}) {
            assertThat(e.getEnumSymbols()).as(e.getName()).last().isEqualTo("UNKNOWN");
            assertThat(e.getEnumDefault()).as(e.getName()).isEqualTo("UNKNOWN");
        }
    }

    /** The record's schema as a newer release might write it: one more symbol in its enum, after {@code after}... */
    private static Schema withExtraSymbol(Schema record, String after, String symbol) {
        // ...and after UNKNOWN, where the rules put new symbols (the order of the others is kept).
        String json = record.toString().replace("\"" + after + "\",\"UNKNOWN\"]", "\"" + after + "\",\"UNKNOWN\",\"" + symbol + "\"]");
        assertThat(json).contains(symbol);
        return new Schema.Parser().parse(json);
    }

    private static byte[] write(Schema schema, Consumer<GenericRecord> fill) throws IOException {
        GenericRecord r = new GenericData.Record(schema);
        // Fields the test does not set take their defaults, as a writer's builder would.
        for (Schema.Field f : schema.getFields()) {
            if (f.hasDefaultValue()) r.put(f.pos(), GenericData.get().getDefaultValue(f));
        }
        fill.accept(r);
        ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType() == SchemaCompatibilityType.COMPATIBLE;
    }
}
