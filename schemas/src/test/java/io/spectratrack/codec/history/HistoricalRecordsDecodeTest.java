package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RecordDecodeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Records written by any release decode with today's codec, and carry what was written. */
class HistoricalRecordsDecodeTest {
    static final int RECORDS_PER_VERSION = 8;

    @TestFactory
    Stream<DynamicTest> randomRecordsOfEveryHistoricalVersionDecodeIntoTheCurrentClass() {
        List<SchemaVersion> versions = ClasspathHistory.versions();
        assertThat(versions).isNotEmpty();
        return versions.stream().map(v -> dynamicTest(v.record() + " v" + v.version() + " (" + v.shortCommit() + ")",
                () -> decodesRandomRecordsOf(v)));
    }

    @Test
    void aRecordOfAVersionOutsideTheHistoryIsRefusedNamingItsFingerprint() {
        // A newer release's TrackUpdate: one more field, with a default as the rules ask.
        Schema current = TrackUpdate.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("fromTheFuture", Schema.create(Schema.Type.LONG), "not released yet", 0L));
        Schema future = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        long fingerprint = SchemaVersion.fingerprintOf(future);
        assertThat(ClasspathHistory.versions()).extracting(SchemaVersion::fingerprint).doesNotContain(fingerprint);

        byte[] bytes = encode(future, new RandomRecords(11).record(future));
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).decode(bytes))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("is not a known TrackUpdate version")
                .hasMessageContaining("writer schema fingerprint " + Long.toHexString(fingerprint))
                .hasMessageContaining("current schema fingerprint " + Long.toHexString(SchemaVersion.fingerprintOf(current)));
    }

    private static void decodesRandomRecordsOf(SchemaVersion v) throws Exception {
        // The generated class of the record, named as the record (package io.spectratrack.avro).
        AvroCodec<? extends SpecificRecord> codec = AvroCodec.of(Class.forName(v.record()).asSubclass(SpecificRecord.class));
        BinaryMessageDecoder<GenericRecord> plain = new BinaryMessageDecoder<>(GenericData.get(), codec.schema());
        for (int i = 0; i < RECORDS_PER_VERSION; i++) {
            long seed = 31L * v.fingerprint() + i;
            GenericRecord written = new RandomRecords(seed).record(v.schema());
            byte[] decodedAgain = decodeAndEncode(codec, encode(v.schema(), written));
            // Back in GenericData's plain form (timestamps as longs, enums as symbols) to compare field by field.
            GenericRecord read = plain.decode(decodedAgain);
            assertThat(WrittenValues.differences(v.schema(), written, codec.schema(), read))
                    .as("%s v%d, record of seed %d: fields the current schema shares with it", v.record(), v.version(), seed)
                    .isEmpty();
        }
    }

    private static <T extends SpecificRecord> byte[] decodeAndEncode(AvroCodec<T> codec, byte[] bytes) {
        T decoded = codec.decode(bytes);
        assertThat(decoded).isInstanceOf(codec.type());
        return codec.encode(decoded);
    }

    static byte[] encode(Schema writer, GenericRecord record) {
        try {
            ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
