package io.spectratrack.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.datasets.hot.HotWriter;
import io.spectratrack.datasets.hot.SequenceMetadata;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.ModelMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairSamplerTest {
    private static final double TARGET_SIDE = 20;

    /** One 16-band sequence of noise frames whose target box keeps its size. */
    private static List<HotSequence> constantSizeSequence(Path root) {
        HotWriter writer = new HotWriter(root, 12);
        Path dir = root.resolve("seq");
        Random r = new Random(3);
        List<Box> gt = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] d = new float[16 * 96 * 96];
            for (int j = 0; j < d.length; j++) d[j] = 0.2f + 0.6f * r.nextFloat();
            writer.writeFrame(dir, i, new SpectralCube(16, 96, 96, d));
            gt.add(Box.ofCentre(40 + i, 50 - i, TARGET_SIDE, TARGET_SIDE));
        }
        writer.finish(dir, gt, List.of(), new SequenceMetadata(4, 12, null, "test"));
        return HotDataset.open(root);
    }

    /** Box side in the search crop over the side it has at the template's scale: 1 / (scale change). */
    private static List<Double> sizeRatios(PairSampler sampler, BcrNetConfig cfg) {
        double unscaled = TARGET_SIDE * cfg.templateSize() / sampler.metadata().contextSide(TARGET_SIDE, TARGET_SIDE, ModelMetadata.SIAMFC_CONTEXT);
        List<Double> ratios = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            for (Box b : sampler.next(8).boxes()) ratios.add(b.width() / unscaled);
        }
        return ratios;
    }

    @Test
    void theSearchWindowScaleSpansTheConfiguredJitter(@TempDir Path root) {
        List<HotSequence> seqs = constantSizeSequence(root);
        BcrNetConfig cfg = BcrNetConfig.lite(16);

        PairSampler narrow = new PairSampler(seqs, cfg, 1, 10, 1);
        narrow.scaleAugmentation(0); // plain pairs: no negatives, pastes or distractors
        List<Double> d = sizeRatios(narrow, cfg);

        PairSampler wide = new PairSampler(seqs, cfg, 1, 10, 1);
        wide.scaleAugmentation(0);
        wide.scaleJitter(0.45);
        List<Double> w = sizeRatios(wide, cfg);

        double j0 = PairSampler.DEFAULT_SCALE_JITTER;
        assertThat(Collections.min(d)).isGreaterThanOrEqualTo(Math.exp(-j0) - 1e-3);
        assertThat(Collections.max(d)).isLessThanOrEqualTo(Math.exp(j0) + 1e-3);
        assertThat(Collections.min(w)).isGreaterThanOrEqualTo(Math.exp(-0.45) - 1e-3).isLessThan(Math.exp(-0.35));
        assertThat(Collections.max(w)).isLessThanOrEqualTo(Math.exp(0.45) + 1e-3).isGreaterThan(Math.exp(0.35));
    }

    @Test
    void aContextFloorShowsSmallTargetsSmallerInTheCrops(@TempDir Path root) {
        List<HotSequence> seqs = constantSizeSequence(root);
        BcrNetConfig cfg = BcrNetConfig.lite(16);
        // A 20 px target has a plain SiamFC context of 40 px; a floor of 80 px halves it in the crops.
        
        PairSampler floored = new PairSampler(seqs, cfg, 1, 10, 1);
        floored.scaleAugmentation(0);
        floored.scaleJitter(0);
        floored.minContextSide(80);
        assertThat(floored.metadata().minContextSide()).isEqualTo(80);
        for (Box b : floored.next(8).boxes()) {
            assertThat(b.width()).isCloseTo(TARGET_SIDE * cfg.templateSize() / 80, within(1e-3));
        }
        PairSampler plain = new PairSampler(seqs, cfg, 1, 10, 1);
        plain.scaleAugmentation(0);
        plain.scaleJitter(0);
        plain.minContextSide(30); // below the target's own context: no effect
        for (Box b : plain.next(8).boxes()) {
            assertThat(b.width()).isCloseTo(TARGET_SIDE * cfg.templateSize() / 40, within(1e-3));
        }
    }

    @Test
    void rejectsAJitterOutsideZeroToOne(@TempDir Path root) {
        PairSampler s = new PairSampler(constantSizeSequence(root), BcrNetConfig.lite(16), 1, 10, 1);
        assertThatThrownBy(() -> s.scaleJitter(-0.1)).hasMessageContaining("scale jitter");
        assertThatThrownBy(() -> s.scaleJitter(Double.NaN)).hasMessageContaining("scale jitter");
    }
}
