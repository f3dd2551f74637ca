package io.spectratrack.flink.tracking;

import static io.spectratrack.flink.TestRecords.envelope;
import static io.spectratrack.flink.TestRecords.frame;
import static io.spectratrack.flink.TestRecords.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.DeadLetters;
import io.spectratrack.flink.config.JobConfig.RealtimePolicy;
import io.spectratrack.flink.model.ModelUnavailableException;
import io.spectratrack.flink.source.CommandEnvelope;
import io.spectratrack.flink.source.FrameEvent;
import io.spectratrack.topics.Topics;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failure while tracking one target costs that target only: the model call for a whole frame's
 * targets throws whenever a poisoned target is among them (as a batched model call does), and the
 * tracker must still track the others, report the poisoned one LOST with a dead letter naming
 * camera, target, frame and cause, and drop it after {@link CameraTracker#MAX_FAILED_STEPS}.
 */
class TargetIsolationTest {
    private static final int BANDS = 3;
    /** A frame value on which the flaky target's step fails. */
    private static final float GLITCH = 0.25f;

    private KeyedTwoInputStreamOperatorTestHarness<String, FrameEvent, CommandEnvelope, TrackUpdate> harness;

    /** The shifting stand-in whose batched calls throw when a target named {@code poison*} is in them. */
    static TrackingEngine poisonable() {
        return () -> new ShiftingTracking(BANDS) {
            @Override
            public List<TargetState> start(SpectralCube f, long i, List<TargetSeed> seeds) {
                if (seeds.stream().anyMatch(s -> s.targetId().startsWith("poison-start"))) {
                    throw new IllegalArgumentException("template crop is empty");
                }
                return super.start(f, i, seeds);
            }

            @Override
            public List<TargetStep> step(SpectralCube f, long i, List<TargetState> targets) {
                if (targets.stream().anyMatch(t -> t.getTargetId().startsWith("poison-step"))) {
                    throw new IllegalStateException("template has 4 features but the model expects 2048");
                }
                if (f.data()[0] == GLITCH && targets.stream().anyMatch(t -> t.getTargetId().equals("flaky"))) {
                    throw new IllegalArgumentException("non-finite response on the glitch frame");
                }
                if (targets.stream().anyMatch(t -> t.getTargetId().startsWith("model-gone"))) {
                    throw new ModelUnavailableException("model host is closed");
                }
                return super.step(f, i, targets);
            }
        };
    }

    private void open() throws Exception {
        CameraTracker fn = new CameraTracker(poisonable(), new CameraTracker.Settings(
                new CameraTracker.Pacing(RealtimePolicy.PROCESS_ALL, 250), new CameraTracker.Retention(60_000, 60_000, 4, 5_000, 2_000),
                CameraTracker.Limits.defaults()));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(fn, f -> f.cameraId, c -> c.cameraId, Types.STRING);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void frames(long from, long to) throws Exception {
        for (long i = from; i <= to; i++) harness.processElement1(new StreamRecord<>(frame("cam", i, 1_000 + i, BANDS, 0.5f), 1_000 + i));
    }

    private List<TrackUpdate> updatesOf(String target) {
        return harness.extractOutputValues().stream().filter(u -> u.getTargetId().equals(target)).toList();
    }

    private List<DeadLetter> deadLetters() {
        var q = harness.getSideOutput(DeadLetters.TAG);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aTargetWhoseStepThrowsIsReportedAndDroppedWhileItsNeighbourKeepsTracking() throws Exception {
        open();
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "good", 0)), 0));
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "poison-step", 0)), 0));
        frames(0, 6);

        assertThat(updatesOf("good")).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(updatesOf("good")).extracting(TrackUpdate::getStatus).containsOnly(TrackStatus.TRACKING);
        // Started on frame 0, failed on 1, 2 and 3, then gone: LOST at the box it was started with.
        List<TrackUpdate> bad = updatesOf("poison-step");
        assertThat(bad).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L, 3L);
        assertThat(bad.subList(1, 4)).extracting(TrackUpdate::getStatus).containsOnly(TrackStatus.LOST);
        assertThat(bad.subList(1, 4)).extracting(u -> u.getBox().getX()).containsOnly(bad.get(0).getBox().getX());

        List<DeadLetter> dl = deadLetters();
        assertThat(dl).extracting(DeadLetter::getErrorType).containsExactly("tracking-failed", "tracking-failed", "target-dropped");
        assertThat(dl).extracting(DeadLetter::getSourceTopic).containsOnly(Topics.FRAMES);
        assertThat(dl.get(0).getReason()).contains("'poison-step'", "'cam'", "frame 1", "IllegalStateException",
                "template has 4 features but the model expects 2048");
        assertThat(dl.get(2).getReason()).contains("frame 3", "dropped", "START");
    }

    @Test
    void aTargetThatStepsCleanlyAgainIsForgivenItsEarlierFailures() throws Exception {
        open();
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "flaky", 0)), 0));
        // Glitch frames fail the flaky target's step: two in a row, a clean one, two more, a clean one.
        float[] values = {0.5f, GLITCH, GLITCH, 0.5f, GLITCH, GLITCH, 0.5f};
        for (int i = 0; i < values.length; i++) {
            harness.processElement1(new StreamRecord<>(frame("cam", i, 1_000 + i, BANDS, values[i]), 1_000 + i));
        }
        assertThat(updatesOf("flaky")).extracting(TrackUpdate::getStatus).containsExactly(TrackStatus.TRACKING,
                TrackStatus.LOST, TrackStatus.LOST, TrackStatus.TRACKING, TrackStatus.LOST, TrackStatus.LOST, TrackStatus.TRACKING);
        assertThat(deadLetters()).extracting(DeadLetter::getErrorType).containsOnly("tracking-failed").hasSize(4);
    }

    @Test
    void aStartWhoseTemplateCannotBeMadeIsDeadLetteredAndTheOthersStart() throws Exception {
        open();
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "fine", 0)), 0));
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "poison-start", 0)), 0));
        frames(0, 2);

        assertThat(updatesOf("fine")).extracting(TrackUpdate::getFrameIndex).containsExactly(0L, 1L, 2L);
        assertThat(updatesOf("poison-start")).isEmpty();
        List<DeadLetter> dl = deadLetters();
        assertThat(dl).extracting(DeadLetter::getErrorType).containsExactly("start-failed");
        assertThat(dl.get(0).getSourceTopic()).isEqualTo(Topics.TRACK_COMMANDS);
        assertThat(dl.get(0).getReason()).contains("'poison-start'", "frame 0", "template crop is empty", "not tracked");
    }

    @Test
    void aModelThatIsGoneFailsTheTaskInsteadOfDroppingEveryTarget() throws Exception {
        open();
        harness.processElement2(new StreamRecord<>(envelope(start("cam", "model-gone", 0)), 0));
        frames(0, 0);
        assertThatThrownBy(() -> frames(1, 1)).isInstanceOf(ModelUnavailableException.class);
    }
}
