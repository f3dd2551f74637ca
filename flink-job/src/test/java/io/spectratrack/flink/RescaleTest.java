package io.spectratrack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.ModelTrackingEngine;
import io.spectratrack.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint at parallelism 1, restart from it at parallelism 2: every target keeps
 * tracking with exactly the boxes of an uninterrupted (offline) run, on the real SavedModel.
 */
class RescaleTest extends BrokerAndMiniClusterTest {
    static final int FRAMES = OfflineEqualityTest.FRAMES;
    static final int STOP_AFTER = 5;


    static JobClient run(JobConfig cfg, Path model, String savepoint) throws Exception {
        Configuration flink = TrackingJob.flinkConfiguration(cfg);
        if (savepoint != null) flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), ModelTrackingEngine.fromConfig(cfg), ModelFiles.bands(model));
        return job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment(flink));
    }

    @Test
    void stopWithSavepointAtParallelismOneAndRestartAtTwoKeepsEveryTargetOnTheSameBoxes(@TempDir Path savepoints) throws Exception {
        Path model = TestModels.lite();
        var cams = OfflineEqualityTest.cameras(ModelFiles.bands(model));
        int targets = cams.stream().mapToInt(c -> c.targets().size()).sum();
        OfflineEqualityTest.produce(kafka, cams, 0, STOP_AFTER, true);

        // One target per model call here and offline: the boxes then agree to the bit whatever the
        // model (see ExactlyOnceTest); batching itself is checked by OfflineEqualityTest.
        Map<String, String> common = Map.of("model.dir", model.toString(), "model.device", "cpu", "model.max-batch", "1");
        JobConfig p1 = PipelineTest.config(kafka, "rescale-test", common).with("parallelism", "1");
        JobClient first = run(p1, model, null);
        KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, targets * STOP_AFTER, Duration.ofSeconds(90));
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();

        OfflineEqualityTest.produce(kafka, cams, STOP_AFTER, FRAMES, false);
        JobConfig p2 = p1.with("parallelism", "2");
        JobClient second = run(p2, model, savepoint);
        List<TrackUpdate> updates;
        try {
            updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, targets * FRAMES, Duration.ofSeconds(90));
        } finally {
            second.cancel().get();
        }
        assertThat(updates).hasSize(targets * FRAMES);
        OfflineEqualityTest.assertSameBoxes(OfflineEqualityTest.boxes(updates), OfflineEqualityTest.offline(cams, model, FRAMES, true));
    }
}
