package io.spectratrack.pacing;

import static io.spectratrack.pacing.FrameOrder.Verdict.NEXT;
import static io.spectratrack.pacing.FrameOrder.Verdict.REPEAT;
import static io.spectratrack.pacing.FrameOrder.Verdict.RESTART;
import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.pacing.FrameOrder.Last;
import org.junit.jupiter.api.Test;

class FrameOrderTest {
    private static final long GAP = FrameOrder.DEFAULT_RESTART_GAP_MS;

    @Test
    void framesInOrderAreNextAndRepeatsAreNotProcessedAgain() {
        Last last = new Last(0, 100, 10_000);
        assertThat(FrameOrder.judge(null, 0, 5, 0, GAP)).isEqualTo(NEXT);
        assertThat(FrameOrder.judge(last, 0, 101, 10_040, GAP)).isEqualTo(NEXT);
        assertThat(FrameOrder.judge(last, 0, 250, 10_040, GAP)).as("a gap of lost frames").isEqualTo(NEXT);
        assertThat(FrameOrder.judge(last, 0, 100, 10_040, GAP)).as("duplicate").isEqualTo(REPEAT);
        assertThat(FrameOrder.judge(last, 0, 60, 10_040, GAP)).as("replayed at once").isEqualTo(REPEAT);
    }

    @Test
    void aCameraWithoutBootIdRestartsWhenItsCounterGoesBackAfterASilence() {
        Last last = new Last(0, 5_000, 10_000);
        assertThat(FrameOrder.judge(last, 0, 0, 10_000 + GAP, GAP)).isEqualTo(RESTART);
        assertThat(FrameOrder.judge(last, 0, 0, 10_000 + GAP - 1, GAP)).as("too soon: a replay").isEqualTo(REPEAT);
        assertThat(FrameOrder.judge(last, 0, 5_000, 60_000, GAP)).as("the same frame again, late: a resend").isEqualTo(REPEAT);
        assertThat(FrameOrder.judge(new Last(0, 5_000, -1), 0, 3, 0, GAP)).as("arrival unknown (stage restarted)").isEqualTo(RESTART);
    }

    @Test
    void aBootIdSaysWhenTheCameraRestartedWhateverTheTiming() {
        Last last = new Last(7, 5_000, 10_000);
        assertThat(FrameOrder.judge(last, 8, 0, 10_001, GAP)).isEqualTo(RESTART);
        assertThat(FrameOrder.judge(last, 8, 9_000, 10_001, GAP)).as("a new run, even counting higher").isEqualTo(RESTART);
        assertThat(FrameOrder.judge(last, 6, 9_000, 90_000, GAP)).as("a late record of the run before").isEqualTo(REPEAT);
    }
}
