package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.codec.kafka.AvroSerde;
import io.spectratrack.streams.common.DeadLetters;
import io.spectratrack.streams.common.Routed;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The camera ingest gateway: {@code camera.raw} + the {@code camera.calibration} table ->
 * {@code frames}; bad frames -> {@code camera.raw.dlq}.
 *
 * <p>Calibrations form a global table: every instance holds all of them (a few per camera), so
 * the {@code default} calibration serves cameras on every partition, and the calibration topic
 * needs neither the raw topic's partition count nor a changelog (it is compacted and is its own
 * backup). A frame is joined with the calibration current when it is processed.
 */
public final class IngestTopology {
    public static final String CALIBRATION_STORE = "ingest-calibrations";
    public static final String SEQUENCE_STORE = "ingest-last-sequence";
    /** The boot id of each camera's current run (FrameOrder), for cameras that report one. */
    public static final String BOOT_STORE = "ingest-boot-id";

    private IngestTopology() {}

    public static void build(StreamsBuilder builder, IngestOptions options, IngestCounters counters) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CALIBRATION_STORE),
                        Serdes.String(), AvroSerde.of(CameraCalibration.class)).withLoggingDisabled(),
                options.calibrationTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("calibrations"),
                () -> new CalibrationLoader(counters));
        // The last sequence per camera is tiny and changelogged: an in-memory store is as durable
        // as RocksDB here without a memtable flush on every commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SEQUENCE_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BOOT_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<byte[], byte[]> raw = builder.stream(options.rawTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-mosaics"));
        KStream<byte[], Routed<HyperspectralFrame>> routed = raw.process(
                () -> new IngestGateway(options, counters), Named.as("ingest-gateway"), SEQUENCE_STORE, BOOT_STORE);
        DeadLetters.split(routed, "ingest", frames -> frames.to(options.framesTopic(),
                Produced.with(Serdes.ByteArray(), AvroSerde.of(HyperspectralFrame.class)).withName("frames-sink")));
    }
}
