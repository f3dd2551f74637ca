package io.spectratrack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.geometry.Box;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
    private static NavigableMap<Long, Box> path(int frames, double dxPerFrame) {
        NavigableMap<Long, Box> m = new TreeMap<>();
        for (int i = 0; i < frames; i++) m.put((long) i, new Box(10 + i * dxPerFrame, 20, 30, 40));
        return m;
    }

    @Test
    void aTrackerThatFollowsTheTruthScoresLikeTheOfflineEvaluation() {
        var truth = path(50, 2);
        var published = new TreeMap<>(truth.tailMap(1L, true));
        var s = DemoSummary.score("cam-1", "t1", truth, published, 49);
        assertThat(s.frames()).isEqualTo(50);
        assertThat(s.answered()).isEqualTo(50);
        // IoU 1 on every frame passes every OTB threshold but the last (IoU > 1): 20 of 21.
        assertThat(s.successAuc()).isCloseTo(20.0 / 21, within(1e-9));
        assertThat(s.precision20()).isEqualTo(1.0);
    }

    @Test
    void aDroppedFrameIsScoredWithTheLastPublishedBox() {
        var truth = path(11, 10);
        var published = new TreeMap<Long, Box>();
        published.put(10L, truth.get(10L)); // frames 1..9 dropped: the start box is believed until 10
        var s = DemoSummary.score("cam-1", "t1", truth, published, 10);
        assertThat(s.frames()).isEqualTo(11);
        assertThat(s.answered()).isEqualTo(2);
        // Centre errors 0, 10, 20, ..., 90, 0: within 20 px on frames 0, 1, 2 and 10.
        assertThat(s.precision20()).isCloseTo(4.0 / 11, within(1e-9));
    }

    @Test
    void framesAfterTheLastBoxCountWithIt() {
        var truth = path(10, 10);
        var published = new TreeMap<Long, Box>();
        published.put(1L, truth.get(1L));
        // Frames 2..9 reached the job but got no box: the consumer still believes frame 1's box.
        var s = DemoSummary.score("cam-1", "t1", truth, published, 9);
        assertThat(s.frames()).isEqualTo(10);
        assertThat(s.answered()).isEqualTo(2);
        // Centre errors 0, 0, 10, 20, 30, ...: within 20 px on frames 0..3.
        assertThat(s.precision20()).isCloseTo(4.0 / 10, within(1e-9));
    }

    @Test
    void aTargetWithoutAnyBoxScoresNothing() {
        var s = DemoSummary.score("cam-1", "t1", path(10, 1), new TreeMap<>(), 9);
        assertThat(s.frames()).isZero();
        assertThat(s.successAuc()).isZero();
    }
}
