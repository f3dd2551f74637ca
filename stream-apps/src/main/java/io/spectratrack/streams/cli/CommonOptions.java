package io.spectratrack.streams.cli;

import io.spectratrack.streams.common.AppConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Option;

/** Options shared by the stream apps' command lines. */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (see config/*.properties). Kafka Streams keys pass through; spectratrack.* keys configure the app.")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; overrides bootstrap.servers from the file.")
    String bootstrapServers;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application.id (consumer group, internal topic prefix); overrides the file.")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state.dir; overrides the file.")
    Path stateDir;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any other setting, e.g. -s spectratrack.alerts.zone-confirm-frames=5 (repeatable; wins over the file).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--embedded-broker",
            description = "Start an in-process Kafka broker with the system topics and use it (try-out and demo; data is deleted on exit).")
    boolean embeddedBroker;

    @Option(names = "--progress-seconds", paramLabel = "N", defaultValue = "10",
            description = "Log throughput and dead-letter counts every N seconds (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Option(names = "--run-seconds", paramLabel = "N",
            description = "Stop cleanly after N seconds (default: run until interrupted).")
    Long runSeconds;

    AppConfig load(String bootstrapOverride) {
        Map<String, String> o = new LinkedHashMap<>(overrides);
        String bootstrap = bootstrapOverride != null ? bootstrapOverride : bootstrapServers;
        if (bootstrap != null) o.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (applicationId != null) o.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        if (stateDir != null) o.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return AppConfig.load(config, o);
    }
}
