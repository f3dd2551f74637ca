package io.spectratrack.flink;

import static io.spectratrack.flink.TestRecords.commandBytes;
import static io.spectratrack.flink.TestRecords.frameBytes;
import static io.spectratrack.flink.TestRecords.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.FailOnceEngine;
import io.spectratrack.flink.tracking.ShiftingTracking;
import io.spectratrack.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A task killed mid-run (after checkpoints have completed) is restarted from the last checkpoint;
 * read_committed consumers then see every frame's update exactly once: none missing, none twice.
 */
class ExactlyOnceTest extends BrokerAndMiniClusterTest {
    private static final int BANDS = 3;
    private static final int FRAMES = 60;


    @Test
    void aTaskFailureMidRunStillGivesEveryFramesUpdateExactlyOnce() throws Exception {
        List<String> cameras = List.of("cam-a", "cam-b", "cam-c");
        try (KafkaProducer<byte[], byte[]> p = KafkaIO.producer(kafka)) {
            for (String cam : cameras) {
                KafkaIO.send(p, Topics.TRACK_COMMANDS, cam, commandBytes(start(cam, "t1", 0)));
                KafkaIO.send(p, Topics.TRACK_COMMANDS, cam, commandBytes(start(cam, "t2", 0)));
            }
        }
        // Cameras stream in real time while the job runs, so checkpoints complete mid-run.
        Thread cameraFeed = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = KafkaIO.producer(kafka)) {
                for (int i = 0; i < FRAMES; i++) {
                    // The second half only once a checkpoint has committed output: the failure then
                    // always lands mid-run, after a checkpoint, however fast or slow this machine is.
                    for (int w = 0; i == FRAMES / 2 && !FailOnceEngine.ARMED.get() && w < 1200; w++) Thread.sleep(50);
                    for (String cam : cameras) {
                        KafkaIO.send(p, Topics.FRAMES, cam, frameBytes(cam, i, 1000 + i, TestRecords.cube(BANDS, 8, (i % 5) * 0.1f)));
                    }
                    Thread.sleep(60);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "camera-feed");
        JobConfig cfg = PipelineTest.config(kafka, "eo-test", Map.of());
        FailOnceEngine.FAILED.set(false);
        FailOnceEngine.ARMED.set(false);
        var engine = new FailOnceEngine(ShiftingTracking.engine(BANDS), 5, 5);
        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), engine, BANDS);
        var client = job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment(TrackingJob.flinkConfiguration(cfg)));
        int expected = cameras.size() * 2 * FRAMES;
        List<TrackUpdate> updates;
        cameraFeed.start();
        try {
            // Committed output means a checkpoint completed: now kill a task mid-run.
            KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, 1, Duration.ofSeconds(60));
            FailOnceEngine.ARMED.set(true);
            updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, expected, Duration.ofSeconds(90));
            assertThat(FailOnceEngine.FAILED).as("the failure was injected").isTrue();
            // Give a duplicate, if there were one, the time of another checkpoint to show up.
            Thread.sleep(1500);
            updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, expected + 1, Duration.ofSeconds(2));
        } finally {
            cameraFeed.interrupt();
            client.cancel().get();
        }
        Map<String, Long> perFrame = updates.stream().collect(Collectors.groupingBy(
                u -> u.getCameraId() + "/" + u.getTargetId() + "#" + u.getFrameIndex(), Collectors.counting()));
        assertThat(perFrame).hasSize(expected);
        assertThat(perFrame.values()).allMatch(n -> n == 1L);
        assertThat(updates).hasSize(expected);

        // The boxes are those of an uninterrupted run.
        Map<String, Double> x = updates.stream().collect(Collectors.toMap(
                u -> u.getCameraId() + "/" + u.getTargetId() + "#" + u.getFrameIndex(), u -> u.getBox().getX()));
        double want = 2.0;
        for (int i = 1; i < FRAMES; i++) {
            want += 1 + (i % 5) * 0.1f;
            assertThat(x.get("cam-b/t2#" + i)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6));
        }
        List<BandTelemetry> tel = KafkaIO.readCommitted(kafka, Topics.BAND_TELEMETRY, BandTelemetry.class,
                cameras.size() * 2 * (FRAMES - 1), Duration.ofSeconds(30));
        assertThat(tel.stream().collect(Collectors.groupingBy(t -> t.getCameraId() + t.getTargetId() + t.getFrameIndex(),
                Collectors.counting())).values()).allMatch(n -> n == 1L).hasSize(cameras.size() * 2 * (FRAMES - 1));
    }
}
