package io.spectratrack.flink.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.tracking.SpectralSignature;
import io.spectratrack.tracking.TargetTrack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;
import org.apache.flink.util.StringUtils;
import org.junit.jupiter.api.Test;

/**
 * The job keeps each target's {@code TargetState} with Flink's Avro serializer
 * ({@link OutputTags#STATE_TYPE}). A savepoint stores, with the state, its serializer's snapshot:
 * the schema the state was written with. On restore Flink asks the job's serializer whether it can
 * read that schema and, if only after migration, reads the state with the restored old serializer
 * and writes it with the new one. This walks that path with Flink's own classes for a savepoint
 * taken before the box scale fields existed.
 */
class TargetStateMigrationTest {

    @Test
    void stateFromBeforeTheBoxScaleMigratesOnRestore() throws IOException {
        Schema current = TargetState.getClassSchema();
        Schema old = schemaWithout(current, f -> f.startsWith("spectralBoxScale"));
        TargetTrack t = new TargetTrack("car-7", TargetStatesTest.TEMPLATE, 101.25, 33.5, 17.125, 9.75, 0.625f,
                TrackStatus.TRACKING, 0, 41, "model-x", 0, 0, 0,
                new SpectralSignature(new float[] {0.5f, -2.25f, 1e-8f}, -0.125f, 3.5f, 1.25f, 0.875f));
        TargetState now = TargetStates.toState(t, 1234);
        GenericRecord before = new GenericData.Record(old);
        for (Schema.Field f : old.getFields()) before.put(f.name(), now.get(f.name()));

        // What the previous job wrote: its state bytes and its serializer snapshot.
        DataOutputSerializer bytes = new DataOutputSerializer(512);
        new AvroSerializer<>(GenericRecord.class, old).serialize(before, bytes);
        TypeSerializerSnapshot<TargetState> saved = snapshotOf(old);

        TypeSerializer<TargetState> job = new AvroSerializer<>(TargetState.class);
        TypeSerializerSchemaCompatibility<TargetState> compat = job.snapshotConfiguration().resolveSchemaCompatibility(saved);
        assertThat(compat.isCompatibleAfterMigration()).as(compat.toString()).isTrue();

        TargetState restored = saved.restoreSerializer().deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
        DataOutputSerializer migrated = new DataOutputSerializer(512);
        job.serialize(restored, migrated);
        TargetTrack back = TargetStates.toTrack(job.deserialize(new DataInputDeserializer(migrated.getCopyOfBuffer())));
        assertThat(back.spectral().weights()).containsExactly(0.5f, -2.25f, 1e-8f);
        assertThat(back.spectral().boxScaleX()).isEqualTo(1f);
        assertThat(back.spectral().boxScaleY()).isEqualTo(1f);
        assertThat(back.box()).isEqualTo(t.box());
        assertThat(back.reportedBox()).as("boxes are reported as tracked until the target is re-marked").isEqualTo(t.box());
        assertThat(restored.getLastSeenMs()).isEqualTo(1234);
    }

    /** The check has teeth: a savepoint whose field changed type cannot be read and is refused. */
    @Test
    void stateWhoseFieldChangedTypeIsRefused() throws IOException {
        Schema current = TargetState.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(f.name().equals("width") ? new Schema.Field("width", Schema.create(Schema.Type.STRING), null, (Object) null)
                    : new Schema.Field(f, f.schema()));
        }
        Schema other = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        TypeSerializerSchemaCompatibility<TargetState> compat = new AvroSerializer<>(TargetState.class).snapshotConfiguration()
                .resolveSchemaCompatibility(snapshotOf(other));
        assertThat(compat.isIncompatible()).as(compat.toString()).isTrue();
    }

    private static Schema schemaWithout(Schema current, Predicate<String> dropped) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (!dropped.test(f.name())) fields.add(new Schema.Field(f, f.schema()));
        }
        assertThat(fields).hasSizeLessThan(current.getFields().size());
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /**
     * The serializer snapshot a job whose {@code TargetState} had {@code schema} wrote into its
     * savepoint, in the snapshot's own format (class name, then schema; AvroSerializerSnapshot#writeSnapshot).
     */
    private static TypeSerializerSnapshot<TargetState> snapshotOf(Schema schema) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        StringUtils.writeString(TargetState.class.getName(), out);
        StringUtils.writeString(schema.toString(false), out);
        AvroSerializerSnapshot<TargetState> s = new AvroSerializerSnapshot<>();
        s.readSnapshot(s.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()), TargetStateMigrationTest.class.getClassLoader());
        return s;
    }
}
