package io.spectratrack.streams.cli;

import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.streams.common.TopicSetup;
import io.spectratrack.topics.Topics;
import io.spectratrack.streams.ingest.IngestCounters;
import io.spectratrack.streams.ingest.IngestOptions;
import io.spectratrack.streams.ingest.IngestTopology;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./spectratrack ingest}: the camera ingest gateway. */
@Command(name = "ingest", mixinStandardHelpOptions = true, version = "SpectraTrack ingest 0.1",
        description = {"Camera ingest gateway: raw sensor mosaics (camera.raw) + calibrations (camera.calibration)"
                + " -> calibrated hyperspectral cubes (frames). Bad frames go to camera.raw.dlq with the reason"
                + " and their original bytes; invalid calibrations are logged and the previous one stays in force.",
                "Example: spectratrack ingest --config config/ingest.properties --bootstrap-servers localhost:9092"},
        sortOptions = false)
public final class IngestCli implements Callable<Integer> {
    /** Raw frames buffered per partition: a few 4.5 MB mosaics keep the thread busy without filling the heap. */
    static final int READ_AHEAD_FRAMES = 8;

    @Mixin CommonOptions common = new CommonOptions();

    public static void main(String[] args) {
        Logging.configure();
        System.exit(new CommandLine(new IngestCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka broker = null;
        try {
            IngestOptions probe = IngestOptions.from(common.load(null));
            if (common.embeddedBroker) {
                broker = StreamsRunner.embeddedBroker(List.of(probe.calibrationTopic(), probe.rawTopic(), probe.framesTopic(),
                        probe.rawDeadLetterTopic()));
            }
            AppConfig config = common.load(broker == null ? null : broker.bootstrapServers());
            IngestOptions options = IngestOptions.from(config);
            Properties defaults = StreamsSettings.defaults("spectratrack-ingest");
            defaults.putAll(StreamsSettings.boundedReadAhead(READ_AHEAD_FRAMES));
            Properties props = config.streamsProperties(defaults);
            TopicSetup.ensureDeadLetterTopics(props, Map.of(options.rawTopic(), options.rawDeadLetterTopic()));
            TopicSetup.check(props, List.of(options.rawTopic(), options.framesTopic(), options.rawDeadLetterTopic()),
                    Topics.MAX_RECORD_BYTES);
            IngestCounters counters = new IngestCounters();
            StreamsBuilder builder = new StreamsBuilder();
            IngestTopology.build(builder, options, counters);
            return StreamsRunner.run("ingest", builder.build(props), props, common, counters::progress);
        } catch (IllegalArgumentException e) {
            System.err.println("ingest: " + e.getMessage());
            return 2;
        } finally {
            if (broker != null) broker.close();
        }
    }
}
