package io.spectratrack.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.kafka.AvroSerde;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void everyRecordTypeSurvivesARoundTripThroughTheKafkaSerde() {
        for (SpecificRecord record : SampleRecords.all()) {
            AvroSerde serde = AvroSerde.of((Class) record.getClass());
            byte[] bytes = serde.serializer().serialize("topic", record);
            // Single-object encoding: marker C3 01, then the 8-byte schema fingerprint.
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            Object back = serde.deserializer().deserialize("topic", bytes);
            assertThat(back).as(record.getClass().getSimpleName()).isEqualTo(record).isNotSameAs(record);
        }
    }

    @Test
    void readsARecordWrittenWithTheOlderSchemaVersion() throws Exception {
        Schema v0;
        try (InputStream in = getClass().getResourceAsStream("/schemas-v0/TrackUpdate.avsc")) {
            v0 = new Schema.Parser().parse(in);
        }
        GenericRecord box = new GenericData.Record(v0.getField("box").schema());
        box.put("x", 1.0);
        box.put("y", 2.0);
        box.put("width", 3.0);
        box.put("height", 4.0);
        GenericRecord old = new GenericData.Record(v0);
        old.put("cameraId", "cam-9");
        old.put("targetId", "t7");
        old.put("frameIndex", 12L);
        old.put("captureTimeMs", 1000L);
        old.put("box", box);
        old.put("score", 0.75f);
        old.put("status", new GenericData.EnumSymbol(v0.getField("status").schema(), "LOST"));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old).array();

        AvroCodec<TrackUpdate> codec = AvroCodec.of(TrackUpdate.class);
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("not a known TrackUpdate version");

        codec.acceptWriterSchema(v0);
        TrackUpdate u = codec.decode(bytes);
        assertThat(u.getCameraId()).isEqualTo("cam-9");
        assertThat(u.getStatus()).isEqualTo(TrackStatus.LOST);
        assertThat(u.getBox().getWidth()).isEqualTo(3.0);
        // Fields the old writer did not know take their schema defaults.
        assertThat(u.getLatencyMs()).isZero();
        assertThat(u.getModelId()).isEmpty();
    }

    @Test
    void aTruncatedRecordSaysItIsTruncated() {
        AvroCodec<TrackUpdate> codec = AvroCodec.of(TrackUpdate.class);
        byte[] full = codec.encode((TrackUpdate) SampleRecords.all().get(4));
        byte[] cut = Arrays.copyOf(full, full.length - 6);
        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("TrackUpdate")
                .hasMessageContaining("truncated");
    }

    @Test
    void aRecordOfAnotherTypeIsRejectedByItsFingerprint() {
        byte[] alertBytes = AvroCodec.of(io.spectratrack.avro.Alert.class)
                .encode((io.spectratrack.avro.Alert) SampleRecords.all().get(7));
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).decode(alertBytes))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("fingerprint");
    }

    @Test
    void bytesThatAreNotAvroAtAllAreRejectedWithTheExpectedType() {
        byte[] json = "{\"cameraId\":\"cam-1\"}".getBytes();
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).decode(json))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("not an Avro single-object record")
                .hasMessageContaining("TrackUpdate");
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).decode(new byte[] {(byte) 0xC3, 1, 2}))
                .isInstanceOf(RecordDecodeException.class);
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).decode(null))
                .isInstanceOf(RecordDecodeException.class);
    }

    @Test
    void encodingARecordWithARequiredFieldMissingNamesTheType() {
        TrackUpdate broken = new TrackUpdate();
        broken.setCameraId("cam-1");
        assertThatThrownBy(() -> AvroCodec.of(TrackUpdate.class).encode(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TrackUpdate");
    }

    @Test
    void bufferPositionsOfDecodedBytesFieldsAreIndependentOfTheInput() {
        var frame = (io.spectratrack.avro.HyperspectralFrame) SampleRecords.all().get(2);
        byte[] bytes = AvroCodec.of(io.spectratrack.avro.HyperspectralFrame.class).encode(frame);
        var back = AvroCodec.of(io.spectratrack.avro.HyperspectralFrame.class).decode(bytes);
        ByteBuffer s = back.getSamples();
        assertThat(s.remaining()).isEqualTo(16);
    }
}
