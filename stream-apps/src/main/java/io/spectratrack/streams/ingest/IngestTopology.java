package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.codec.kafka.AvroSerde;
import io.spectratrack.streams.common.DeadLetters;
import io.spectratrack.streams.common.Routed;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The camera ingest gateway: {@code camera.raw} + the {@code camera.calibration} table ->
 * {@code frames}, bad input -> {@code camera.raw.dlq} / {@code camera.calibration.dlq}.
 *
 * <p>Both inputs are keyed by camera id and co-partitioned, so one task sees a camera's frames
 * and its calibration, in timestamp order: a frame is processed with the calibration that was
 * current when it was captured (the semantics of a stream-table join). The calibration table is
 * kept by the gateway's own processor rather than a DSL {@code KTable} so that a calibration
 * record that cannot be decoded is dead-lettered instead of failing the app.
 */
public final class IngestTopology {
    public static final String CALIBRATION_STORE = "ingest-calibrations";
    public static final String SEQUENCE_STORE = "ingest-last-sequence";

    private IngestTopology() {}

    public static void build(StreamsBuilder builder, IngestOptions options, IngestCounters counters) {
        // State is small (one entry per camera or target) and changelogged, so in-memory stores are
        // as durable as RocksDB here without a memtable flush on every commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CALIBRATION_STORE),
                Serdes.String(), AvroSerde.of(CameraCalibration.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SEQUENCE_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<byte[], byte[]> in = builder.stream(List.of(options.rawTopic(), options.calibrationTopic()),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-and-calibration"));
        KStream<byte[], Routed<HyperspectralFrame>> routed = in.process(
                () -> new IngestGateway(options, counters), Named.as("ingest-gateway"),
                CALIBRATION_STORE, SEQUENCE_STORE);
        DeadLetters.split(routed, "ingest", frames -> frames.to(options.framesTopic(),
                Produced.with(Serdes.ByteArray(), AvroSerde.of(HyperspectralFrame.class)).withName("frames-sink")));
    }
}
