package io.spectratrack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticSequence;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.HookedEngine;
import io.spectratrack.flink.tracking.ModelTrackingEngine;
import io.spectratrack.flink.tracking.TrackingEngine;
import io.spectratrack.geometry.Box;
import io.spectratrack.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * On the MiniCluster with the real model and broker: a target whose every tracking step throws (a
 * state the model cannot use) is reported LOST, dead-lettered and dropped, while the other target
 * of the same camera is tracked on every frame with the boxes of an offline run, and the job stays
 * RUNNING without a restart.
 */
class TargetFailureJobTest extends BrokerAndMiniClusterTest {
    private static final int FRAMES = 12;

    /** The real engine, except that a batch holding the target {@code poison} throws, as a bad state makes the model throw. */
    static TrackingEngine poisoned(TrackingEngine real) {
        return new HookedEngine(real, (frameIndex, targets) -> {
            if (targets.stream().anyMatch(s -> s.getTargetId().equals("poison"))) {
                throw new IllegalArgumentException("template features of target 'poison' do not fit the model");
            }
        });
    }

    @Test
    void aTargetWhoseStepsThrowIsDroppedAndTheJobKeepsTrackingTheOthers() throws Exception {
        Path model = TestModels.lite();
        int bands = ModelFiles.bands(model);
        SyntheticSequence seq = SyntheticVideo.sequence(SceneSpec.of(bands, FRAMES).withSize(96, 64), 11, 0);
        Box b = seq.box(0);
        var good = new OfflineEqualityTest.Camera("cam-a", seq, Map.of("t1", b));
        ExactlyOnceTest.sendStarts(kafka, List.of(good, new OfflineEqualityTest.Camera("cam-a", seq,
                Map.of("poison", new Box(b.x() + 4, b.y() + 2, b.width(), b.height())))));
        try (KafkaProducer<byte[], byte[]> p = KafkaIO.producer(kafka)) {
            for (int i = 0; i < FRAMES; i++) {
                KafkaIO.send(p, Topics.FRAMES, "cam-a", AvroCodec.of(HyperspectralFrame.class).encode(
                        FrameCubes.toFrame("cam-a", i, 1_000 + 40L * i, seq.frame(i), List.of(), true)));
            }
        }
        JobConfig cfg = PipelineTest.config(kafka, "isolation-test", Map.of("model.dir", model.toString(), "model.device", "cpu",
                "model.max-batch", "1"));
        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), poisoned(ModelTrackingEngine.fromConfig(cfg)), bands);
        var client = job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment(TrackingJob.flinkConfiguration(cfg)));
        List<TrackUpdate> updates;
        List<DeadLetter> dlq;
        try {
            // t1 on every frame, poison on its START frame and three failed ones.
            updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, FRAMES + 4, Duration.ofSeconds(120));
            dlq = KafkaIO.readCommitted(kafka, Topics.deadLetter(Topics.FRAMES), DeadLetter.class, 3, Duration.ofSeconds(30));
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            Thread.sleep(1500); // another checkpoint: nothing more may show up for the dropped target
            updates = KafkaIO.readAllCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, Duration.ofSeconds(30));
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            client.cancel().get();
        }
        Map<String, List<TrackUpdate>> byTarget = updates.stream().collect(Collectors.groupingBy(TrackUpdate::getTargetId));
        assertThat(byTarget.get("t1")).hasSize(FRAMES);
        assertThat(byTarget.get("poison")).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L, 3L);
        assertThat(byTarget.get("poison").subList(1, 4)).extracting(TrackUpdate::getStatus).containsOnly(TrackStatus.LOST);
        assertThat(dlq).extracting(DeadLetter::getErrorType).containsExactly("tracking-failed", "tracking-failed", "target-dropped");
        assertThat(dlq.get(0).getReason()).contains("'poison'", "'cam-a'", "frame 1", "do not fit the model");
        assertThat(dlq.get(0).getOffset()).as("the frame's offset, to replay it").isEqualTo(1L);

        // The healthy target's boxes are those of an offline run of it alone.
        Map<String, Box> job1 = OfflineEqualityTest.boxes(byTarget.get("t1"));
        OfflineEqualityTest.assertSameBoxes(job1, OfflineEqualityTest.offline(List.of(good), model, FRAMES, true));
    }
}
