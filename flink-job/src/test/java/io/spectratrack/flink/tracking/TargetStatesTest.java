package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.tracking.LastSighting;
import io.spectratrack.tracking.SpectralSignature;
import io.spectratrack.tracking.TargetTrack;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetStatesTest {
    static final TemplateEmbedding TEMPLATE = new TemplateEmbedding(new float[] {0.25f, -1.5f, 3e-7f, Float.MIN_VALUE},
            new int[] {1, 2, 2}, new float[] {0.1f, 0.7f, 0.2f}, new int[] {1, 2, 0});

    @Test
    void aTrackSurvivesTheAvroStateBitForBit() throws IOException {
        TargetTrack t = new TargetTrack("car-7", TEMPLATE, 101.25, 33.5, 17.125, 9.75, 0.625f, TrackStatus.UNCERTAIN, 2, 41,
                "model-x", 3.0625, -1.5, 4.25,
                new SpectralSignature(new float[] {0.5f, -2.25f, 1e-8f}, -0.125f, 3.5f, 1.25f, 0.875f),
                new LastSighting(0.8125f, 99.5, 30.25, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(TargetState.class).write(TargetStates.toState(t, 1234), enc);
        enc.flush();
        TargetState read = new SpecificDatumReader<>(TargetState.class)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.getLastSeenMs()).isEqualTo(1234);
        assertThat(TargetStates.toTrack(read)).usingRecursiveComparison().isEqualTo(t);
    }

    /**
     * A savepoint written before the velocity and spectral fields existed restores with a target at
     * rest and without a spectral signature.
     */
    @Test
    void stateWrittenWithoutVelocityOrSpectralFieldsRestoresAtRest() throws IOException {
        TargetTrack t = new TargetTrack("t", TEMPLATE, 5, 6, 7, 8, 1, TrackStatus.TRACKING, 0, 3, "m", 9, 9, 9);
        TargetTrack restored = TargetStates.toTrack(writtenWithout(
                f -> f.startsWith("velocity") || f.equals("speed") || f.startsWith("spectral"), 8, t));
        assertThat(restored.centreX()).isEqualTo(5);
        assertThat(restored.velocityX()).isZero();
        assertThat(restored.velocityY()).isZero();
        assertThat(restored.speed()).isZero();
        assertThat(restored.spectral()).isEqualTo(SpectralSignature.NONE);
    }

    /** A savepoint written before box scales existed keeps its signature and reports boxes as tracked. */
    @Test
    void stateWrittenWithoutBoxScalesKeepsItsSignatureAndReportsTheTrackedBox() throws IOException {
        TargetTrack t = new TargetTrack("t", TEMPLATE, 5, 6, 7, 8, 1, TrackStatus.TRACKING, 0, 3, "m", 0, 0, 0,
                new SpectralSignature(new float[] {0.5f, -2.25f, 1e-8f}, -0.125f, 3.5f, 1.25f, 0.875f));
        TargetTrack restored = TargetStates.toTrack(writtenWithout(f -> f.startsWith("spectralBoxScale"), 2, t));
        assertThat(restored.spectral().weights()).containsExactly(0.5f, -2.25f, 1e-8f);
        assertThat(restored.spectral().separability()).isEqualTo(3.5f);
        assertThat(restored.spectral().boxScaleX()).isEqualTo(1f);
        assertThat(restored.spectral().boxScaleY()).isEqualTo(1f);
        assertThat(restored.reportedBox()).isEqualTo(restored.box());
    }

    /** A savepoint written before the last sighting existed restores as a target last seen where it is, with no reference yet. */
    @Test
    void stateWrittenWithoutTheLastSightingRestoresWithoutAReference() throws IOException {
        TargetTrack t = new TargetTrack("t", TEMPLATE, 5, 6, 7, 8, 0.9f, TrackStatus.UNCERTAIN, 0, 3, "m", 0, 0, 0,
                SpectralSignature.NONE, new LastSighting(0.9f, 50, 60, 7));
        TargetTrack restored = TargetStates.toTrack(writtenWithout(f -> f.startsWith("sighting") || f.equals("doubtfulFrames"), 4, t));
        assertThat(restored.sighting()).isEqualTo(LastSighting.at(5, 6));
        assertThat(restored.sighting().hasReference()).isFalse();
        assertThat(restored.status()).isEqualTo(TrackStatus.UNCERTAIN);
    }

    /** {@code t}'s state as an older schema without the {@code expected} fields {@code dropped} names wrote it, read with today's. */
    private static TargetState writtenWithout(java.util.function.Predicate<String> dropped, int expected, TargetTrack t) throws IOException {
        Schema current = TargetState.getClassSchema();
        List<Schema.Field> oldFields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (!dropped.test(f.name())) oldFields.add(new Schema.Field(f, f.schema()));
        }
        assertThat(oldFields).hasSize(current.getFields().size() - expected);
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);

        TargetState now = TargetStates.toState(t, 0);
        GenericRecord rec = new GenericData.Record(old);
        for (Schema.Field f : oldFields) rec.put(f.name(), now.get(f.name()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(old).write(rec, enc);
        enc.flush();
        return new SpecificDatumReader<TargetState>(old, current, new org.apache.avro.specific.SpecificData())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
