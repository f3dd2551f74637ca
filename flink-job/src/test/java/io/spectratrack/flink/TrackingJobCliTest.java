package io.spectratrack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.cli.TrackingJobCli;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main the launcher calls: --help, the option list, and a local run on its own MiniCluster. */
class TrackingJobCliTest {

    @Test
    void helpAndOptionsListEverySetting() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf));
        try {
            assertThat(new CommandLine(new TrackingJobCli()).execute("run", "--help")).isZero();
            assertThat(new CommandLine(new TrackingJobCli()).execute("options")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString()).contains("--bootstrap", "--from-savepoint", "realtime.policy", "state.camera-ttl");
    }

    @Test
    void badSettingsFailWithTheKeyNamed() {
        CommandLine cli = new CommandLine(new TrackingJobCli());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("run", "--set", "realtime.policy=sometimes", "--print-config")).isNotZero();
        assertThat(err.toString()).contains("realtime.policy must be latest or process-all, got 'sometimes'");
        assertThat(cli.execute("run", "--set", "realtime.max-lag=PT2S", "--print-config")).isNotZero();
        assertThat(err.toString()).contains("realtime.max-lag was replaced by realtime.max-delay");

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        cli.setErr(new java.io.PrintWriter(err2, true));
        assertThat(cli.execute("run", "--set", "tracker.spectral-weight=1.5", "--print-config")).isNotZero();
        assertThat(err2.toString()).contains("tracker.spectral-weight must be in [0, 1], got 1.5");
        assertThat(cli.execute("run", "--set", "tracker.spectral-weight=lots", "--print-config")).isNotZero();
        assertThat(err2.toString()).contains("bad value 'lots' for tracker.spectral-weight");
        assertThat(cli.execute("run", "--set", "tracker.extent-rate=-0.1", "--print-config")).isNotZero();
        assertThat(err2.toString()).contains("tracker.extent-rate must be in [0, 1], got -0.1");
    }

    @Test
    void theSpectralSettingsReachTheTrackerTheJobRuns() {
        var c = io.spectratrack.flink.config.JobConfig.defaults().with("model.dir", "shipped:bcrnet-lite-16");
        assertThat(io.spectratrack.flink.tracking.ModelTrackingEngine.fromConfig(c).spectralWeight())
                .isEqualTo(io.spectratrack.tracking.TrackerConfig.SPECTRAL_WEIGHT);
        assertThat(io.spectratrack.flink.tracking.ModelTrackingEngine.fromConfig(c.with("tracker.spectral-weight", "0"))
                .spectralWeight()).isZero();
        assertThat(io.spectratrack.flink.tracking.ModelTrackingEngine.fromConfig(c).extentRate())
                .isEqualTo(io.spectratrack.tracking.TrackerConfig.EXTENT_RATE);
        assertThat(io.spectratrack.flink.tracking.ModelTrackingEngine.fromConfig(c.with("tracker.extent-rate", "0.5"))
                .extentRate()).isEqualTo(0.5);
    }

    @Test
    void runsTheJobLocallyOnAMiniCluster(@TempDir Path checkpoints) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().createTopics(1, EmbeddedKafka.systemTopics())) {
            var model = TestModels.lite();
            var cams = OfflineEqualityTest.cameras(ModelFiles.bands(model)).subList(1, 2);
            OfflineEqualityTest.produce(kafka, cams, 0, 4, true);
            int rc = new CommandLine(new TrackingJobCli()).execute("run", "--bootstrap", kafka.bootstrapServers(),
                    "--model", model.toString(), "--device", "cpu", "-p", "1", "--policy", "process-all",
                    "--set", "kafka.bounded=true", "--set", "kafka.starting-offsets=earliest",
                    "--set", "state.frame-buffer=16", "--set", "checkpoint.interval=PT0.5S",
                    "--set", "checkpoint.dir=" + checkpoints.toUri());
            assertThat(rc).isZero();
            List<TrackUpdate> updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, 4, Duration.ofSeconds(20));
            assertThat(updates).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L, 3L);
        }
    }
}
