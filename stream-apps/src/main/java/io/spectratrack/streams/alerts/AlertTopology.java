package io.spectratrack.streams.alerts;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertRule;
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
 * The alert router: {@code track.updates} + {@code band.telemetry} + the {@code alert.rules}
 * table -> {@code alerts}; bad input -> each input's {@code .dlq}.
 *
 * <p>All three inputs are keyed by camera id and co-partitioned, so one task owns a camera's
 * rule and all its targets; records are processed in timestamp order across the three, so a rule
 * applies from its own timestamp on (the semantics of a stream-table join). As in the ingest
 * gateway, the rule table is kept by the processor so that a bad rule is dead-lettered, not fatal.
 */
public final class AlertTopology {
    public static final String RULES_STORE = "alert-rules";
    public static final String TARGETS_STORE = "alert-targets";

    private AlertTopology() {}

    public static void build(StreamsBuilder builder, AlertOptions options, AlertCounters counters) {
        // State is small (one entry per camera or target) and changelogged, so in-memory stores are
        // as durable as RocksDB here without a memtable flush on every commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE),
                Serdes.String(), AvroSerde.of(AlertRule.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TARGETS_STORE),
                Serdes.String(), TargetAlertState.SERDE));

        KStream<byte[], byte[]> in = builder.stream(
                List.of(options.trackUpdatesTopic(), options.telemetryTopic(), options.rulesTopic()),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("updates-telemetry-rules"));
        KStream<byte[], Routed<Alert>> routed = in.process(() -> new AlertRouter(options, counters),
                Named.as("alert-router"), RULES_STORE, TARGETS_STORE);
        DeadLetters.split(routed, "alerts", alerts -> alerts.to(options.alertsTopic(),
                Produced.with(Serdes.ByteArray(), AvroSerde.of(Alert.class)).withName("alerts-sink")));
    }
}
