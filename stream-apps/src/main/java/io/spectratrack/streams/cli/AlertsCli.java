package io.spectratrack.streams.cli;

import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.streams.alerts.AlertCounters;
import io.spectratrack.streams.alerts.AlertOptions;
import io.spectratrack.streams.alerts.AlertTopology;
import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.streams.common.TopicSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./spectratrack alerts}: the alert router. */
@Command(name = "alerts", mixinStandardHelpOptions = true, version = "SpectraTrack alerts 0.1",
        description = {"Alert router: track.updates + band.telemetry + per-camera rules (alert.rules) -> alerts"
                + " (TARGET_LOST, TARGET_RECOVERED, ZONE_ENTER, ZONE_EXIT, LOW_CONFIDENCE, SPECTRAL_SHIFT, TARGET_REACQUIRED),"
                + " one alert per incident. Write to alert.rules at any time to change the rules.",
                "Example: spectratrack alerts --config config/alerts.properties --bootstrap-servers localhost:9092"},
        sortOptions = false)
public final class AlertsCli implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    public static void main(String[] args) {
        Logging.configure();
        System.exit(new CommandLine(new AlertsCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka broker = null;
        try {
            AlertOptions probe = AlertOptions.from(common.load(null));
            if (common.embeddedBroker) {
                broker = StreamsRunner.embeddedBroker(List.of(probe.trackUpdatesTopic(), probe.telemetryTopic(),
                        probe.rulesTopic(), probe.alertsTopic(), probe.deadLetterTopic(probe.trackUpdatesTopic()),
                        probe.deadLetterTopic(probe.telemetryTopic()), probe.deadLetterTopic(probe.rulesTopic())));
            }
            AppConfig config = common.load(broker == null ? null : broker.bootstrapServers());
            AlertOptions options = AlertOptions.from(config);
            Properties props = config.streamsProperties(StreamsSettings.defaults("spectratrack-alerts"));
            Map<String, String> dlqs = new LinkedHashMap<>();
            for (String in : List.of(options.trackUpdatesTopic(), options.telemetryTopic(), options.rulesTopic())) {
                dlqs.put(in, options.deadLetterTopic(in));
            }
            TopicSetup.ensureDeadLetterTopics(props, dlqs);
            // Alerts and rules are small; only existence matters (1 MB is the broker default).
            List<String> needed = new ArrayList<>(List.of(options.trackUpdatesTopic(), options.telemetryTopic(),
                    options.rulesTopic(), options.alertsTopic()));
            needed.addAll(dlqs.values());
            TopicSetup.check(props, needed, 1);
            AlertCounters counters = new AlertCounters();
            StreamsBuilder builder = new StreamsBuilder();
            AlertTopology.build(builder, options, counters);
            return StreamsRunner.run("alerts", builder.build(props), props, common, counters::progress);
        } catch (IllegalArgumentException e) {
            System.err.println("alerts: " + e.getMessage());
            return 2;
        } finally {
            if (broker != null) broker.close();
        }
    }
}
