package io.spectratrack.datasets.synth;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.Attributes;
import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SceneGeneratorTest {
    static final SceneSpec SMALL = SceneSpec.of(16, 12).withSize(96, 64);

    @Test
    void sameSeedGivesIdenticalFramesAndBoxesInAnyOrder() {
        SyntheticSequence a = SceneGenerator.generate(SMALL, 7);
        SyntheticSequence b = SceneGenerator.generate(SMALL, 7);
        assertThat(b.groundTruth()).isEqualTo(a.groundTruth());
        assertThat(b.attributes()).isEqualTo(a.attributes());
        float[] late = b.frame(9).data();
        assertThat(a.frame(3).data()).isEqualTo(b.frame(3).data());
        assertThat(a.frame(9).data()).isEqualTo(late);
        assertThat(SceneGenerator.generate(SMALL, 8).groundTruth()).isNotEqualTo(a.groundTruth());
    }

    @Test
    void framesAreInRangeAndBoxesInsideTheFrame() {
        for (long seed = 0; seed < 6; seed++) {
            SyntheticSequence s = SceneGenerator.generate(SMALL.withSize(64, 48), seed);
            SpectralCube c = s.frame(5);
            assertThat(c.bands()).isEqualTo(16);
            for (float v : c.data()) assertThat(v).isBetween(0f, 1f);
            assertThat(s.box(0).isValid()).isTrue();
            s.groundTruth().stream().filter(b -> b.isValid()).forEach(b -> {
                assertThat(b.x()).isGreaterThanOrEqualTo(0);
                assertThat(b.right()).isLessThanOrEqualTo(64.0001);
                assertThat(b.bottom()).isLessThanOrEqualTo(48.0001);
            });
        }
    }

    @Test
    void everySequenceRecordsAttributesAndTheMixCoversAll() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            SyntheticSequence s = SyntheticVideo.sequence(SceneSpec.of(16, 60).withSize(128, 96), 99, i);
            seen.addAll(s.attributes());
        }
        assertThat(seen).containsAll(List.of(Attributes.OCCLUSION, Attributes.CAMOUFLAGE, Attributes.FAST_MOTION,
                Attributes.SCALE_CHANGE, Attributes.ILLUMINATION, Attributes.BLUR, Attributes.DISTRACTOR));
    }

    @Test
    void stagedOcclusionIsMeasured() {
        int hits = 0;
        for (long seed = 0; seed < 5; seed++) {
            SyntheticSequence s = SceneGenerator.generate(new SceneSpec(128, 96, 16, 80, 0.8, Set.of(Attributes.OCCLUSION)), seed);
            if (s.attributes().contains(Attributes.OCCLUSION)) {
                hits++;
                assertThat(java.util.Arrays.stream(s.visibility()).min().getAsDouble()).isLessThanOrEqualTo(0.5);
            }
        }
        assertThat(hits).isGreaterThanOrEqualTo(3);
    }

    @Test
    void camouflageTargetMatchesTheBackgroundInRgbButNotInAllBands() {
        SceneSpec spec = new SceneSpec(128, 96, 16, 2, 0.7, Set.of(Attributes.CAMOUFLAGE));
        SyntheticSequence s = SceneGenerator.generate(spec, 3);
        double[] t = s.actors.get(s.targetIndex).spectrum;
        // Background mean around the target, per band, from the noise-free reflectance.
        var box = s.box(0);
        double[] bg = new double[16];
        int cnt = 0;
        for (int y = 0; y < s.worldH; y++) for (int x = 0; x < s.worldW; x++) {
            double cx = x - s.margin - s.camX[0], cy = y - s.margin - s.camY[0];
            if (Math.abs(cx - box.centreX()) < box.width() * 1.5 && Math.abs(cy - box.centreY()) < box.height() * 1.5) {
                for (int b = 0; b < 16; b++) bg[b] += s.background[(b * s.worldH + y) * s.worldW + x];
                cnt++;
            }
        }
        double maxBandDiff = 0;
        for (int b = 0; b < 16; b++) {
            bg[b] /= cnt;
            maxBandDiff = Math.max(maxBandDiff, Math.abs(t[b] - bg[b]) / bg[b]);
        }
        assertThat(maxBandDiff).isGreaterThan(0.2);
    }

    @Test
    void writtenDataSetReadsBackAsTheSameSequence(@TempDir Path tmp) throws Exception {
        SceneSpec spec = SceneSpec.of(25, 3).withSize(50, 34);
        SyntheticVideo.write(tmp, spec, 2, 5, 12, 1, line -> { });
        List<HotSequence> seqs = HotDataset.open(tmp);
        assertThat(seqs).extracting(HotSequence::name).containsExactly("synth_0001", "synth_0002");
        SyntheticSequence mem = SyntheticVideo.sequence(spec, 5, 1);
        HotSequence disk = seqs.get(1);
        assertThat(disk.pattern()).isEqualTo(5);
        assertThat(disk.bitDepth()).isEqualTo(12);
        assertThat(disk.groundTruth()).isEqualTo(mem.groundTruth());
        assertThat(disk.attributes()).isEqualTo(mem.attributes());
        assertThat(disk.visibility()).hasSize(3);
        float[] a = mem.frame(2).data(), b = disk.frame(2).data();
        for (int i = 0; i < a.length; i += 11) assertThat(b[i]).isCloseTo(a[i], within(0.6f / 4095));
        assertThat(Files.readString(tmp.resolve("synth_0001/sequence.properties"))).contains("wavelengths=665.0");
    }
}
