package io.spectratrack.flink.tracking;

import static io.spectratrack.flink.TestRecords.envelope;
import static io.spectratrack.flink.TestRecords.frame;
import static io.spectratrack.flink.TestRecords.start;
import static io.spectratrack.flink.TestRecords.stop;
import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.DeadLetters;
import io.spectratrack.flink.TestRecords;
import io.spectratrack.flink.config.JobConfig.RealtimePolicy;
import io.spectratrack.flink.source.CommandEnvelope;
import io.spectratrack.flink.source.FrameEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keyed tracking logic on Flink's operator harness: ordering, buffering, STOP, TTL, and no leaks. */
class CameraTrackerTest {
    private static final int BANDS = 3;
    private static final long TTL = 60_000;
    private static final long WAIT = 5_000;
    private static final long RESTART_GAP = 2_000;
    private static final int MAX_TARGETS = 3;
    /** Room for 10 of the test's frames (3 bands of 8x8 float32 samples: 768 bytes). */
    private static final long FRAME_BYTES = 10 * 768;

    private KeyedTwoInputStreamOperatorTestHarness<String, FrameEvent, CommandEnvelope, TrackUpdate> harness;

    private void open(RealtimePolicy policy) throws Exception {
        CameraTracker fn = new CameraTracker(ShiftingTracking.engine(BANDS), new CameraTracker.Settings(
                new CameraTracker.Pacing(policy, 250), new CameraTracker.Retention(TTL, TTL, 4, WAIT, RESTART_GAP),
                new CameraTracker.Limits(MAX_TARGETS, FRAME_BYTES)));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(fn, f -> f.cameraId, c -> c.cameraId, Types.STRING);
        harness.setProcessingTime(1_000);
    }

    private void open() throws Exception {
        open(RealtimePolicy.PROCESS_ALL);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void frames(String cam, long from, long to) throws Exception {
        for (long i = from; i <= to; i++) harness.processElement1(new StreamRecord<>(frame(cam, i, 1_000 + i, BANDS, 0.5f), 1_000 + i));
    }

    private void command(io.spectratrack.avro.TrackCommand c) throws Exception {
        harness.processElement2(new StreamRecord<>(envelope(c), 0));
    }

    private List<String> boxes() {
        return harness.extractOutputValues().stream()
                .map(u -> u.getTargetId() + "@" + u.getFrameIndex() + ":" + u.getBox().getX())
                .collect(Collectors.toList());
    }

    private List<DeadLetter> deadLetters() {
        var q = harness.getSideOutput(DeadLetters.TAG);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void startBeforeItsFrameWaitsAndThenTracksEveryFrame() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 3);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@3:6.5");
        var telemetry = harness.getSideOutput(OutputTags.TELEMETRY);
        assertThat(telemetry).extracting(r -> ((BandTelemetry) r.getValue()).getFrameIndex()).containsExactly(1L, 2L, 3L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aReacquisitionIsFlaggedOnItsUpdateAndOnlyThere() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 1);
        // A frame the stand-in tracker answers with a jump from a neighbouring window, then an ordinary one.
        harness.processElement1(new StreamRecord<>(frame("cam", 2, 1_002, BANDS, (float) ShiftingTracking.JUMP), 1_002));
        frames("cam", 3, 3);

        assertThat(harness.extractOutputValues()).extracting(TrackUpdate::getFoundBy)
                .containsExactly(FoundBy.FOLLOWED, FoundBy.FOLLOWED, FoundBy.REDETECTED, FoundBy.FOLLOWED);
        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:14.5", "t1@3:16.0");
    }

    @Test
    void startAfterItsFrameCatchesUpThroughBufferedFramesWithTheSameBoxes() throws Exception {
        open();
        frames("cam", 0, 3);
        command(start("cam", "t1", 0));

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@3:6.5");
        frames("cam", 4, 4);
        assertThat(boxes()).last().isEqualTo("t1@4:8.0");
    }

    @Test
    void duplicateAndOutOfOrderFramesAreNotTrackedTwice() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 2);
        frames("cam", 2, 2);
        frames("cam", 1, 1);
        frames("cam", 3, 3);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@3:6.5");
    }

    @Test
    void stopClearsTheTargetAndLeavesNoStateOrTimers() throws Exception {
        open();
        command(start("cam", "t1", 0));
        command(start("cam", "t2", 1));
        frames("cam", 0, 2);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        command(stop("cam", "t1"));
        command(stop("cam", "t2"));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aQuietCameraIsRemovedByTheTtlTimer() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 3);
        harness.setProcessingTime(1_000 + TTL - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.setProcessingTime(1_000 + TTL);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aCameraWithFramesButNoTargetsIsAlsoForgottenAfterTheTtl() throws Exception {
        open();
        frames("cam", 0, 5);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.setProcessingTime(1_000 + TTL);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aStartForAnUnknownCameraIsDeadLetteredWhenNoFrameComes() throws Exception {
        open();
        command(start("ghost", "t1", 7));
        assertThat(deadLetters()).isEmpty();

        harness.setProcessingTime(1_000 + WAIT);

        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getErrorType()).isEqualTo("unknown-camera");
            assertThat(d.getReason()).contains("ghost");
            assertThat(d.getOriginalBytes()).isNotNull();
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void commandsNamingFramesThatAreGoneOrTargetsThatDoNotExistAreDeadLettered() throws Exception {
        open();
        frames("cam", 0, 9);
        command(start("cam", "old", 1));          // only the last 4 frames are buffered
        command(stop("cam", "nobody"));
        command(TestRecords.command("cam", "nobody", CommandType.REINIT, 9, 1, 1, 2, 2));
        command(start("cam", "skipped", 11));
        frames("cam", 12, 12);                      // frame 11 never came

        assertThat(deadLetters()).extracting(DeadLetter::getErrorType)
                .containsExactly("frame-expired", "unknown-target", "unknown-target", "frame-missing");
        assertThat(boxes()).isEmpty();
    }

    @Test
    void reinitReplacesTheTemplateAndKeepsTracking() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 2);
        command(TestRecords.command("cam", "t1", CommandType.REINIT, 2, 4, 4, 3, 3));
        frames("cam", 3, 3);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@2:4.0", "t1@3:5.5");
    }

    private void arrive(String cam, long index, long captureMs, long arrivalMs) throws Exception {
        harness.setProcessingTime(arrivalMs);
        harness.processElement1(new StreamRecord<>(frame(cam, index, captureMs, BANDS, 0.5f), captureMs));
    }

    /**
     * A camera at 25 frames/s whose frames reach the tracker fresh for 5 frames; then 20 frames
     * queued behind a busy tracker reach it at once; then fresh again. The tracker's clock moves on
     * by 40 ms per fresh frame, so each waiting frame's timer fires before the next one arrives.
     * Returns the updates of target t1.
     */
    private List<TrackUpdate> floodedCamera(String cam, long clockOffsetMs) throws Exception {
        command(start(cam, "t1", 0));
        for (long i = 0; i < 5; i++) arrive(cam, i, clockOffsetMs + 1_000 + 40 * i, 2_000 + 40 * i);
        for (long i = 5; i < 25; i++) arrive(cam, i, clockOffsetMs + 1_000 + 40 * i, 2_000 + 40 * 24);
        for (long i = 25; i < 30; i++) arrive(cam, i, clockOffsetMs + 1_000 + 40 * i, 2_000 + 40 * i);
        harness.setProcessingTime(2_000 + 40 * 30); // the last frame's timer
        return harness.extractOutputValues().stream().filter(u -> u.getCameraId().equals(cam) && u.getTargetId().equals("t1")).toList();
    }

    @Test
    void underTheLatestPolicyAFloodedCameraIsTrackedOnItsNewestFrameAndEverySkipIsAccounted() throws Exception {
        open(RealtimePolicy.LATEST);
        List<TrackUpdate> updates = floodedCamera("cam", 0);
        List<Long> tracked = updates.stream().map(TrackUpdate::getFrameIndex).toList();

        // The fresh frames are all tracked, the newest of the flood too; of the flood's late
        // frames (frame i waited 40 * (24 - i) ms) few are: skipped at once or overtaken.
        assertThat(tracked).startsWith(0L, 1L, 2L, 3L, 4L).contains(24L, 25L, 26L, 27L, 28L, 29L);
        assertThat(tracked.stream().filter(i -> i >= 5 && i < 20)).as("late frames tracked").hasSizeLessThan(5);
        // Every frame has exactly one outcome: tracked, or counted as skipped on the next update.
        long previous = -1;
        for (TrackUpdate u : updates) {
            assertThat(u.getFramesSkipped()).as("skips before frame %d", u.getFrameIndex())
                    .isEqualTo((int) (u.getFrameIndex() - previous - 1));
            previous = u.getFrameIndex();
        }
        harness.setProcessingTime(1_000 + TTL * 2);
        assertThat(harness.numKeyedStateEntries()).as("no state left once the camera is quiet").isZero();
    }

    @Test
    void whatIsSkippedDoesNotDependOnTheCameraClock() throws Exception {
        open(RealtimePolicy.LATEST);
        List<Long> sameClock = floodedCamera("a", 0).stream().map(TrackUpdate::getFrameIndex).toList();
        close();
        open(RealtimePolicy.LATEST);
        List<Long> hourBehind = floodedCamera("b", -3_600_000).stream().map(TrackUpdate::getFrameIndex).toList();
        close();
        open(RealtimePolicy.LATEST);
        List<Long> minuteAhead = floodedCamera("c", 60_000).stream().map(TrackUpdate::getFrameIndex).toList();
        assertThat(hourBehind).isEqualTo(sameClock);
        assertThat(minuteAhead).isEqualTo(sameClock);
    }

    @Test
    void twoFloodedCamerasEachGetTheirNewestFrameTrackedAndTheSameShare() throws Exception {
        open(RealtimePolicy.LATEST);
        command(start("a", "t1", 0));
        command(start("b", "t1", 0));
        // Fresh frames first (camera b's clock is 8 s ahead), then 10 of each camera queued behind a
        // busy tracker, interleaved, arriving at once 600 ms late.
        for (long i = 0; i < 3; i++) {
            harness.setProcessingTime(2_000 + 40 * i);
            harness.processElement1(new StreamRecord<>(frame("a", i, 1_000 + 40 * i, BANDS, 0.5f), 0));
            harness.processElement1(new StreamRecord<>(frame("b", i, 9_000 + 40 * i, BANDS, 0.5f), 0));
        }
        harness.setProcessingTime(2_000 + 40 * 12 + 600);
        for (long i = 3; i < 13; i++) {
            harness.processElement1(new StreamRecord<>(frame("a", i, 1_000 + 40 * i, BANDS, 0.5f), 0));
            harness.processElement1(new StreamRecord<>(frame("b", i, 9_000 + 40 * i, BANDS, 0.5f), 0));
        }
        harness.setProcessingTime(2_000 + 40 * 12 + 700);
        var a = harness.extractOutputValues().stream().filter(u -> u.getCameraId().equals("a")).map(TrackUpdate::getFrameIndex).toList();
        var b = harness.extractOutputValues().stream().filter(u -> u.getCameraId().equals("b")).map(TrackUpdate::getFrameIndex).toList();
        assertThat(a).as("camera a").startsWith(0L, 1L, 2L).hasSizeLessThan(13);
        assertThat(a.get(a.size() - 1)).as("a frame at the flood's end (the gate may skip its last)").isGreaterThanOrEqualTo(10L);
        assertThat(b).as("camera b, whatever its clock").isEqualTo(a);
    }

    @Test
    void processAllTracksEveryFrameOfTheFlood() throws Exception {
        open(RealtimePolicy.PROCESS_ALL);
        command(start("cam", "t1", 0));
        for (long i = 0; i < 25; i++) arrive("cam", i, 1_000 + 40 * i, 5_000);
        assertThat(harness.extractOutputValues()).extracting(TrackUpdate::getFrameIndex).hasSize(25);
        assertThat(harness.extractOutputValues()).allMatch(u -> u.getFramesSkipped() == 0);
    }

    @Test
    void aStartWhoseBoxIsMostlyOffTheFrameIsDeadLetteredAndNotTracked() throws Exception {
        open();
        command(TestRecords.command("cam", "far", CommandType.START, 0, 5_000, 5_000, 10, 10));
        command(TestRecords.command("cam", "edge", CommandType.START, 0, 6, 6, 4, 4)); // 8x8 frame: 1/8 on it
        command(TestRecords.command("cam", "ok", CommandType.START, 0, 1, 1, 3, 3));
        frames("cam", 0, 1);
        frames("cam", 2, 2);
        command(TestRecords.command("cam", "late", CommandType.START, 2, -20, 0, 4, 4)); // named frame buffered

        assertThat(harness.extractOutputValues()).extracting(TrackUpdate::getTargetId).containsOnly("ok");
        assertThat(deadLetters()).extracting(d -> d.getErrorType().toString())
                .containsExactly("box-outside-frame", "box-outside-frame", "box-outside-frame");
        assertThat(deadLetters()).filteredOn(d -> d.getReason().toString().contains("target 'far'")).singleElement()
                .satisfies(d -> assertThat(d.getReason().toString()).contains("x=5000.0 y=5000.0", "0% of its area on frame 0", "which is 8x8"));
        assertThat(deadLetters()).filteredOn(d -> d.getReason().toString().contains("target 'edge'")).singleElement()
                .satisfies(d -> assertThat(d.getReason().toString()).contains("25% of its area"));
    }

    @Test
    void aSecondStartForATrackedTargetIsDeadLetteredAndTheTargetKeepsItsTrack() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 1);
        command(TestRecords.command("cam", "t1", CommandType.START, 1, 4, 4, 3, 3));
        frames("cam", 2, 2);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0");
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getErrorType()).isEqualTo("target-exists");
            assertThat(d.getReason()).contains("already tracked (last on frame 1)", "send REINIT");
        });
    }

    @Test
    void aCameraThatRestartsWithoutBootIdIsTrackedOnItsNewFramesAfterTheSilence() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 5);
        frames("cam", 2, 2); // a replay at once: a repeat
        harness.setProcessingTime(1_000 + RESTART_GAP); // the camera reboots, silent meanwhile
        frames("cam", 0, 2);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@3:6.5", "t1@4:8.0", "t1@5:9.5",
                "t1@0:11.0", "t1@1:12.5", "t1@2:14.0");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aGreaterBootIdStartsANewRunAtOnceAndALateFrameOfTheOldRunIsARepeat() throws Exception {
        open();
        command(start("cam", "t1", 0));
        for (long i = 0; i <= 3; i++) bootFrame(7, i);
        for (long i = 0; i <= 1; i++) bootFrame(8, i);
        bootFrame(7, 4);
        bootFrame(8, 2);

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:5.0", "t1@3:6.5", "t1@0:8.0", "t1@1:9.5", "t1@2:11.0");
    }

    private void bootFrame(long bootId, long index) throws Exception {
        FrameEvent f = frame("cam", index, 1_000 + index, BANDS, 0.5f);
        f.bootId = bootId;
        harness.processElement1(new StreamRecord<>(f, 1_000 + index));
    }

    @Test
    void aStartBeyondTheCamerasTargetLimitIsDeadLetteredAndTheOthersKeepTracking() throws Exception {
        open();
        for (int t = 1; t <= MAX_TARGETS + 1; t++) command(start("cam", "t" + t, 0));
        frames("cam", 0, 1);

        assertThat(harness.extractOutputValues()).extracting(TrackUpdate::getTargetId).containsOnly("t1", "t2", "t3").hasSize(6);
        assertThat(deadLetters()).extracting(DeadLetter::getErrorType).containsExactly("too-many-targets");
        assertThat(deadLetters().get(0).getReason()).contains("'t4'", "3 targets", "state.max-targets-per-camera");
        command(stop("cam", "t2"));
        command(start("cam", "t4", 1));
        frames("cam", 2, 2);
        assertThat(boxes()).filteredOn(b -> b.startsWith("t4@")).hasSize(2);
    }

    @Test
    void recentFramesOfManyCamerasStayWithinTheByteBoundOldestFirst() throws Exception {
        open();
        // 30 cameras with frames but no targets: only the newest 10 frames over all of them are held.
        for (int c = 0; c < 30; c++) frames("cam-" + c, 0, 0);
        command(start("cam-29", "t1", 0));
        command(start("cam-5", "t1", 0));
        assertThat(boxes()).containsExactly("t1@0:2.0");
        assertThat(deadLetters()).extracting(DeadLetter::getErrorType).containsExactly("frame-expired");
    }

    @Test
    void camerasAreIndependent() throws Exception {
        open();
        command(start("a", "t", 0));
        command(start("b", "t", 1));
        frames("a", 0, 1);
        frames("b", 0, 2);
        command(stop("a", "t"));

        assertThat(boxes()).containsExactly("t@0:2.0", "t@1:3.5", "t@1:2.0", "t@2:3.5");
        harness.setProcessingTime(1_000 + TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aCameraThatChangesBandCountLosesItsTargetsUntilTheyAreReinitialised() throws Exception {
        open();
        command(start("cam", "t1", 0));
        frames("cam", 0, 1);
        // The sensor behind the camera id is swapped for one with another band count.
        for (long i = 2; i <= 3; i++) harness.processElement1(new StreamRecord<>(frame("cam", i, 1_000 + i, BANDS + 1, 0.5f), 1_000 + i));
        command(TestRecords.command("cam", "t1", CommandType.REINIT, 3, 4, 4, 3, 3));
        harness.processElement1(new StreamRecord<>(frame("cam", 4, 1_004, BANDS + 1, 0.5f), 1_004));

        assertThat(boxes()).containsExactly("t1@0:2.0", "t1@1:3.5", "t1@2:3.5", "t1@3:3.5", "t1@3:4.0", "t1@4:5.5");
        assertThat(harness.extractOutputValues()).extracting(TrackUpdate::getStatus).containsExactly(
                TrackStatus.TRACKING, TrackStatus.TRACKING, TrackStatus.LOST, TrackStatus.LOST, TrackStatus.TRACKING, TrackStatus.TRACKING);
        assertThat(harness.extractOutputValues().get(3).getLostFrames()).isEqualTo(2);
    }
}
