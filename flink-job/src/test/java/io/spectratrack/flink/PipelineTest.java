package io.spectratrack.flink;

import static io.spectratrack.flink.TestRecords.commandBytes;
import static io.spectratrack.flink.TestRecords.frameBytes;
import static io.spectratrack.flink.TestRecords.start;
import static io.spectratrack.flink.TestRecords.stop;
import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.ShiftingTracking;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a real broker and a real Flink MiniCluster, with the stand-in tracker:
 * updates and telemetry come out committed, and every kind of bad input ends in its dead-letter
 * topic while the job keeps tracking.
 */
class PipelineTest extends BrokerAndMiniClusterTest {
    private static final int BANDS = 3;


    /**
     * Checkpoints of this test JVM's jobs: a scratch folder, not the job's default (retained under
     * the temp directory for restores, which would keep a folder per test job forever).
     */
    private static final String CHECKPOINTS = ScratchDirectory.create("flink-test-checkpoints-").toUri().toString();

    static JobConfig config(EmbeddedKafka kafka, String name, Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of(
                "checkpoint.dir", CHECKPOINTS,
                "kafka.bootstrap", kafka.bootstrapServers(),
                "kafka.transactional-id-prefix", name,
                "kafka.group-id", name,
                "kafka.starting-offsets", "earliest",
                "realtime.policy", "process-all",
                "checkpoint.interval", "PT0.3S",
                "state.frame-buffer", "64",
                "state.command-wait", "PT60S",
                "parallelism", "2"));
        m.putAll(extra);
        return JobConfig.of(m);
    }

    @Test
    void badInputsOfEveryKindAreDeadLetteredWhileTheJobKeepsTracking() throws Exception {
        JobConfig cfg = config(kafka, "dlq-test", Map.of("state.command-wait", "PT2S"));
        try (KafkaProducer<byte[], byte[]> p = KafkaIO.producer(kafka)) {
            KafkaIO.send(p, Topics.TRACK_COMMANDS, "cam", commandBytes(start("cam", "t1", 0)));
            for (int i = 0; i < 3; i++) {
                KafkaIO.send(p, Topics.FRAMES, "cam", frameBytes("cam", i, 1000 + i, TestRecords.cube(BANDS, 8, 0.5f)));
            }
            // frames: not Avro; NaN sample; 4 bands for a 3-band model; key is another camera; truncated
            KafkaIO.send(p, Topics.FRAMES, "cam", "not a frame".getBytes());
            SpectralCube nan = TestRecords.cube(BANDS, 8, 0.5f);
            nan.data()[5] = Float.NaN;
            KafkaIO.send(p, Topics.FRAMES, "cam", frameBytes("cam", 3, 1003, nan));
            KafkaIO.send(p, Topics.FRAMES, "cam", frameBytes("cam", 3, 1003, TestRecords.cube(4, 8, 0.5f)));
            KafkaIO.send(p, Topics.FRAMES, "other", frameBytes("cam", 3, 1003, TestRecords.cube(BANDS, 8, 0.5f)));
            byte[] whole = frameBytes("cam", 3, 1003, TestRecords.cube(BANDS, 8, 0.5f));
            KafkaIO.send(p, Topics.FRAMES, "cam", Arrays.copyOf(whole, whole.length / 2));
            // commands: garbage; START without a box; STOP of an unknown target; START for a camera that never sends
            KafkaIO.send(p, Topics.TRACK_COMMANDS, "cam", new byte[] {1, 2, 3});
            TrackCommand noBox = start("cam", "t2", 1);
            noBox.setBox(null);
            KafkaIO.send(p, Topics.TRACK_COMMANDS, "cam", commandBytes(noBox));
            KafkaIO.send(p, Topics.TRACK_COMMANDS, "cam", commandBytes(stop("cam", "nobody")));
            KafkaIO.send(p, Topics.TRACK_COMMANDS, "ghost", commandBytes(start("ghost", "t1", 0)));
            // and the job goes on: more good frames for t1
            for (int i = 3; i < 6; i++) {
                KafkaIO.send(p, Topics.FRAMES, "cam", frameBytes("cam", i, 1000 + i, TestRecords.cube(BANDS, 8, 0.5f)));
            }
        }

        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), ShiftingTracking.engine(BANDS), BANDS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TrackingJob.flinkConfiguration(cfg));
        JobClient client = job.executeAsync(env);
        try {
            List<TrackUpdate> updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, 6, Duration.ofSeconds(60));
            List<DeadLetter> frameDlq = KafkaIO.readCommitted(kafka, Topics.deadLetter(Topics.FRAMES), DeadLetter.class, 5, Duration.ofSeconds(30));
            List<DeadLetter> cmdDlq = KafkaIO.readCommitted(kafka, Topics.deadLetter(Topics.TRACK_COMMANDS), DeadLetter.class, 4, Duration.ofSeconds(30));
            List<BandTelemetry> telemetry = KafkaIO.readCommitted(kafka, Topics.BAND_TELEMETRY, BandTelemetry.class, 5, Duration.ofSeconds(30));

            assertThat(updates).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(updates).extracting(u -> u.getBox().getX()).containsExactly(2.0, 3.5, 5.0, 6.5, 8.0, 9.5);
            assertThat(telemetry).extracting(BandTelemetry::getFrameIndex).containsExactly(1L, 2L, 3L, 4L, 5L);

            assertThat(frameDlq).extracting(DeadLetter::getErrorType)
                    .containsExactlyInAnyOrder("decode", "validation", "wrong-band-count", "validation", "decode");
            assertThat(frameDlq).allSatisfy(d -> {
                assertThat(d.getSourceTopic()).isEqualTo(Topics.FRAMES);
                assertThat(d.getOriginalBytes()).isNotNull();
                assertThat(d.getReason()).isNotBlank();
                assertThat(d.getOffset()).isNotNegative();
            });
            assertThat(frameDlq).anySatisfy(d -> assertThat(d.getReason()).contains("NaN").contains("band 0"));
            assertThat(frameDlq).anySatisfy(d -> assertThat(bytes(d.getOriginalBytes())).isEqualTo("not a frame".getBytes()));

            assertThat(cmdDlq).extracting(DeadLetter::getErrorType)
                    .containsExactlyInAnyOrder("decode", "validation", "unknown-target", "unknown-camera");
            Set<String> stages = cmdDlq.stream().map(DeadLetter::getStage).collect(Collectors.toSet());
            assertThat(stages).contains("flink-tracker/command-decoder", "flink-tracker/camera-tracker");
        } finally {
            client.cancel().get();
        }
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
