package io.spectratrack.tracking.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MemoryGrowthTest {
    static final long MB = 1024 * 1024;

    static MemorySample at(int frames, long rssMb, long tfMb, long nativeObjects) {
        return new MemorySample(frames, frames, 1 + frames / 25, 3, frames / 40.0, new ProcessMemory(rssMb * 1024, rssMb * 1024, rssMb * 1024),
                100 * MB, 1024 * MB, 30 * MB, 0, tfMb * MB, nativeObjects);
    }

    @Test
    void growthIsMeasuredFromTheEndOfWarmUpToTheLastSample() {
        // Warm-up climbs 40 MB; after it RSS moves by 4.5 MB over 9000 frames.
        List<MemorySample> s = List.of(at(0, 1400, 0, 4), at(500, 1430, 0, 4), at(1000, 1440, 0, 4), at(5000, 1446, 0, 4),
                at(10000, 1444, 0, 4));
        MemoryGrowth g = MemoryGrowth.of(s, 1000, 1.0);
        assertThat(g.from().frames()).isEqualTo(1000);
        assertThat(g.frames()).isEqualTo(9000);
        assertThat(g.rssMb()).isEqualTo(4.0);
        assertThat(g.rssMbPer1000()).isCloseTo(0.444, within(0.001));
        assertThat(g.flat()).isTrue();
    }

    @Test
    void aLeakOfOneSearchCropPerFrameIsFarAboveTheLimit() {
        // 127 x 127 x 16 floats = 1 MB per frame.
        List<MemorySample> s = List.of(at(1000, 1440, 0, 4), at(2000, 2440, 1000, 1004));
        MemoryGrowth g = MemoryGrowth.of(s, 1000, 1.0);
        assertThat(g.rssMbPer1000()).isEqualTo(1000.0);
        assertThat(g.rssFlat()).isFalse();
        assertThat(g.tfHeldMb()).isEqualTo(1000.0);
        assertThat(g.heldNativeObjects()).isEqualTo(1000);
        assertThat(g.flat()).isFalse();
    }

    @Test
    void oneTensorLeftOpenFailsTheVerdictThoughRssIsFlat() {
        MemoryGrowth g = MemoryGrowth.of(List.of(at(0, 1440, 0, 4), at(1000, 1440, 0, 4), at(10000, 1441, 0, 5)), 1000, 1.0);
        assertThat(g.rssFlat()).isTrue();
        assertThat(g.tensorFlowFlat()).isFalse();
        assertThat(g.flat()).isFalse();
    }

    @Test
    void tensorsTheCollectorFreesLaterAreCaughtInAnySampleNotOnlyTheLast() {
        // Left open each frame, freed by the GC at random: above the baseline, then back to it at the end.
        List<MemorySample> s = List.of(at(0, 1500, 0, 4), at(500, 1560, 52, 31), at(1000, 1575, 59, 29), at(1500, 1575, 0, 4));
        MemoryGrowth g = MemoryGrowth.of(s, 500, 1.0);
        assertThat(g.tfHeldMb()).isEqualTo(59.0);
        assertThat(g.heldNativeObjects()).isEqualTo(27);
        assertThat(g.tensorFlowFlat()).isFalse();
    }

    @Test
    void figuresAtTheirBaselineInEverySampleAreFlat() {
        List<MemorySample> s = List.of(at(0, 1595, 0, 4), at(1000, 1612, 0, 4), at(10000, 1615, 0, 4));
        MemoryGrowth g = MemoryGrowth.of(s, 1000, 1.0);
        assertThat(g.tfHeldMb()).isZero();
        assertThat(g.heldNativeObjects()).isZero();
        assertThat(g.flat()).isTrue();
    }

    @Test
    void theLimitItselfIsFlatAndShrinkingIsFlat() {
        assertThat(MemoryGrowth.of(List.of(at(1000, 1440, 0, 4), at(3000, 1442, 0, 4)), 1000, 1.0).flat()).isTrue();
        assertThat(MemoryGrowth.of(List.of(at(1000, 1440, 0, 4), at(3000, 1420, 0, 4)), 1000, 1.0).flat()).isTrue();
    }

    @Test
    void warmUpBetweenSamplesStartsAtTheNextSample() {
        List<MemorySample> s = List.of(at(0, 1400, 0, 4), at(500, 1430, 0, 4), at(1000, 1440, 0, 4), at(1500, 1441, 0, 4));
        assertThat(MemoryGrowth.of(s, 700, 1.0).from().frames()).isEqualTo(1000);
    }

    @Test
    void aRunWithNoFramesAfterWarmUpHasNoVerdict() {
        List<MemorySample> s = List.of(at(0, 1400, 0, 4), at(500, 1430, 0, 4));
        assertThatThrownBy(() -> MemoryGrowth.of(s, 500, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryGrowth.of(s, 600, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLapIsPlayedForwardThenBack() {
        int[] got = new int[12];
        for (int f = 0; f < got.length; f++) got[f] = NativeMemoryBenchmark.lapFrame(f, 4);
        assertThat(got).containsExactly(0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1);
        assertThat(NativeMemoryBenchmark.lapFrame(10_000, 60)).isBetween(0, 59);
    }
}
