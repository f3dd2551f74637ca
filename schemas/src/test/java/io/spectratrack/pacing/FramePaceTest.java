package io.spectratrack.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.pacing.FramePace.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pacing rule as a queue: a camera fills it at its frame rate, a tracker drains it at its own
 * cost per tracked frame and a small cost per skipped one. Pure logic, simulated time.
 */
class FramePaceTest {
    private static final long MAX_DELAY = 250;

    /** What the simulated tracker did with each frame, and when. */
    private record Outcome(long frame, long captureMs, long doneMs, Verdict verdict) {}

    /**
     * Frames captured every {@code periodMs} from {@code startCapture} (camera clock), reaching
     * the queue {@code transitMs} later on the tracker's clock, from {@code backlog} frames that
     * are all waiting at the start.
     */
    private static List<Outcome> run(FramePace pace, long periodMs, long trackMs, long skipMs, int frames, long clockOffsetMs,
                                     int backlog) {
        long transit = 30;
        long now = 0;
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            long capture = (i - backlog) * periodMs;     // tracker clock
            long ready = capture + transit;
            now = Math.max(now, ready);                 // wait for the frame if the queue is empty
            Verdict v = pace.admit(capture + clockOffsetMs, now, MAX_DELAY, false);
            now += v == Verdict.TRACK ? trackMs : skipMs;
            out.add(new Outcome(i, capture, now, v));
        }
        return out;
    }

    private static List<Outcome> tracked(List<Outcome> o) {
        return o.stream().filter(x -> x.verdict == Verdict.TRACK).toList();
    }

    @Test
    void aTrackerThatKeepsUpTracksEveryFrame() {
        List<Outcome> o = run(new FramePace(), 40, 25, 1, 500, 0, 0);
        assertThat(tracked(o)).hasSize(500);
    }

    @Test
    void anOverloadedTrackerRunsAtItsCapacityWithBoundedLatency() {
        // 25 frames/s offered, 60 ms a tracked frame: capacity ~16 frames/s.
        FramePace pace = new FramePace();
        List<Outcome> o = run(pace, 40, 60, 2, 2_000, 0, 0);
        List<Outcome> t = tracked(o);
        double seconds = (o.get(o.size() - 1).doneMs - o.get(0).captureMs) / 1000.0;
        double rate = t.size() / seconds;
        assertThat(rate).as("tracked frames/s against a capacity of 1000/60").isGreaterThan(0.9 * 1000 / 60.0);
        long worst = t.stream().mapToLong(x -> x.doneMs - x.captureMs).max().orElseThrow();
        assertThat(worst).as("capture to result of a tracked frame, ms").isLessThan(600);
        // Later frames are no later than early ones: the delay does not grow with the run.
        long lateHalf = t.subList(t.size() / 2, t.size()).stream().mapToLong(x -> x.doneMs - x.captureMs).max().orElseThrow();
        assertThat(lateHalf).isLessThanOrEqualTo(worst);
        assertThat(pace.skippedFrames).isEqualTo(o.size() - t.size());
    }

    @Test
    void aBacklogIsCrossedInStridesThatShrinkAsTheTrackerCatchesUp() {
        // 10 s of frames waiting (a recovery), then live; tracking keeps up with live frames.
        FramePace pace = new FramePace();
        // The pace learnt the camera's transit before the failure (it is kept in checkpoints).
        pace.admit(-250 * 40 - 1_000, -250 * 40 - 1_000 + 30, MAX_DELAY, false);
        List<Outcome> o = run(pace, 40, 25, 1, 600, 0, 250);
        List<Outcome> backlogTracked = tracked(o).stream().filter(x -> x.frame < 250).toList();
        assertThat(backlogTracked.size()).as("the backlog is not shed wholesale").isGreaterThanOrEqualTo(5);
        assertThat(backlogTracked.size()).as("nor tracked whole").isLessThan(60);
        for (int i = 2; i < backlogTracked.size(); i++) {
            long stride = backlogTracked.get(i).captureMs - backlogTracked.get(i - 1).captureMs;
            long before = backlogTracked.get(i - 1).captureMs - backlogTracked.get(i - 2).captureMs;
            assertThat(stride).as("strides shrink as the delay does").isLessThanOrEqualTo(before + 40);
        }
        // Caught up within a few seconds of tracker time: every live frame after that is tracked.
        Outcome firstLive = o.stream().filter(x -> x.doneMs - x.captureMs < 100).findFirst().orElseThrow();
        assertThat(firstLive.doneMs).as("tracker time to regain real time, ms").isLessThan(3_000);
        assertThat(o.subList((int) firstLive.frame, o.size())).allMatch(x -> x.verdict == Verdict.TRACK);
    }

    @Test
    void theCameraClocksOffsetChangesNothing() {
        List<Verdict> a = run(new FramePace(), 40, 60, 2, 500, 0, 0).stream().map(Outcome::verdict).toList();
        List<Verdict> b = run(new FramePace(), 40, 60, 2, 500, -7_200_000, 0).stream().map(Outcome::verdict).toList();
        List<Verdict> c = run(new FramePace(), 40, 60, 2, 500, 45_000, 0).stream().map(Outcome::verdict).toList();
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
    }

    @Test
    void aCameraClockThatJumpsBackIsRelearntNotTakenForABacklog() {
        FramePace pace = new FramePace();
        for (int i = 0; i < 50; i++) pace.admit(1_000_000 + 40L * i, 1_000_000 + 40L * i + 30, MAX_DELAY, false);
        // The camera's clock is set back by 5 s: its frames now look 5 s "older".
        int trackedAfter = 0;
        for (int i = 50; i < 100; i++) {
            if (pace.admit(1_000_000 - 5_000 + 40L * i, 1_000_000 + 40L * i + 30, MAX_DELAY, false) == Verdict.TRACK) trackedAfter++;
        }
        assertThat(trackedAfter).isEqualTo(50);
    }
}
