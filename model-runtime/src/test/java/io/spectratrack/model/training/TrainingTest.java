package io.spectratrack.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.geometry.Box;
import io.spectratrack.model.TestModels;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.CropNormalizer;
import io.spectratrack.model.serving.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class TrainingTest {

    @Test
    void adamStepsLowerTheLossOnAFixedBatch() {
        BcrNetConfig cfg = BcrNetConfig.lite(16);
        ModelMetadata meta = new ModelMetadata("t", "lite", 16, cfg.templateSize(), cfg.searchSize(), cfg.stride(), cfg.scoreSize(), cfg.groups());
        int n = 2;
        int ss = cfg.scoreSize() * cfg.scoreSize();
        float[] t = new float[n * meta.templateCropLength()];
        float[] s = new float[n * meta.searchCropLength()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(TestModels.randomCrop(63, 16, i), 0, t, i * meta.templateCropLength(), meta.templateCropLength());
            System.arraycopy(TestModels.randomCrop(127, 16, 10 + i), 0, s, i * meta.searchCropLength(), meta.searchCropLength());
        }
        float[] cls = new float[n * ss];
        float[] reg = new float[n * ss * 4];
        for (int i = 0; i < n; i++) {
            Labels.assign(meta, 63.5 + 8 * i, 63.5, 30, 24, false, cls, i * ss, reg, i * ss * 4);
        }
        PairSampler.Batch b = new PairSampler.Batch(t, s, cls, reg, new Box[] {Box.ofCentre(63.5, 63.5, 30, 24), Box.ofCentre(71.5, 63.5, 30, 24)},
                new boolean[n], n);
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg);
            try (Session sess = new Session(g)) {
                sess.initialize();
                tg.net().params().assign(sess, tg.net().params().initialValues(1));
                float first = Trainer.trainStep(sess, tg, meta, b, 1e-3f, true)[0];
                float last = first;
                for (int i = 0; i < 8; i++) {
                    last = Trainer.trainStep(sess, tg, meta, b, 1e-3f, false)[0];
                }
                assertThat(last).isFinite().isLessThan(first);
            }
        }
    }

    @Test
    void ellipseLabelsArePositiveAtTheCentreNegativeFarAwayIgnoredBetween() {
        ModelMetadata m = new ModelMetadata("t", "lite", 16, 63, 127, 8, 9, 5);
        float[] cls = new float[81];
        float[] reg = new float[81 * 4];
        Labels.assign(m, 63.5, 63.5, 40, 40, false, cls, 0, reg, 0);
        assertThat(cls[4 * 9 + 4]).isEqualTo(Labels.POSITIVE);
        assertThat(cls[0]).isEqualTo(Labels.NEGATIVE);
        assertThat(cls[4 * 9 + 6]).isEqualTo(Labels.IGNORE);   // 16 px off centre: inside E1 (20), outside E2 (10)
        assertThat(reg[(4 * 9 + 4) * 4]).isEqualTo(20f);
        Labels.assign(m, 63.5, 63.5, 40, 40, true, cls, 0, reg, 0);
        assertThat(cls).containsOnly(Labels.NEGATIVE);
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        Trainer.Options o = new Trainer.Options(null, "lite", 16, null, null, 1000, 1, false, 8, 1e-3f, 1e-4f, 100, 100, 10, 10, 1, 0, false);
        assertThat(Trainer.learningRate(o, 0)).isCloseTo(1e-4f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(Trainer.learningRate(o, 100)).isCloseTo(1e-3f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(Trainer.learningRate(o, 1000)).isCloseTo(1e-4f, org.assertj.core.api.Assertions.within(1e-6f));
        Trainer.Options r = new Trainer.Options(null, "lite", 16, null, null, 1000, 1, true, 8, 1e-3f, 1e-4f, 100, 100, 10, 10, 1, 0, true);
        assertThat(Trainer.learningRate(r, 600, 600)).as("a restarted schedule starts at lr").isCloseTo(1e-3f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(Trainer.learningRate(r, 1000, 600)).isCloseTo(1e-4f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void cropNormalizerRemovesBandMeansAndScalesToUnitStd() {
        float[] c = new float[10 * 10 * 3];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i % 3) * 100 + (i / 3 % 7) * 2;
        }
        float[] n = CropNormalizer.normalize(c, 3);
        double[] mean = new double[3];
        double sq = 0;
        for (int i = 0; i < n.length; i++) {
            mean[i % 3] += n[i] / 100.0;
            sq += n[i] * n[i];
        }
        for (double v : mean) {
            assertThat(Math.abs(v)).isLessThan(1e-5);
        }
        assertThat(Math.sqrt(sq / n.length)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(CropNormalizer.normalize(new float[12], 3)).containsOnly(0f);
    }

    @Test
    void cropNormalisationIsTheReferenceFormulaToTheLastBit() {
        // The plain formula, written the obvious way (band = index mod bands), against the
        // optimised loops: the tracker's boxes must not move when the loops are rearranged.
        int bands = 16;
        java.util.Random rnd = new java.util.Random(3);
        float[] c = new float[31 * 29 * bands];
        for (int i = 0; i < c.length; i++) c[i] = (float) (4095 * rnd.nextDouble() * (1 + i % bands));
        double[] mean = new double[bands];
        for (int i = 0; i < c.length; i++) mean[i % bands] += c[i];
        for (int b = 0; b < bands; b++) mean[b] /= c.length / bands;
        double sq = 0;
        for (int i = 0; i < c.length; i++) sq += (c[i] - mean[i % bands]) * (c[i] - mean[i % bands]);
        double scale = 1 / Math.sqrt(sq / c.length);
        float[] expected = new float[c.length];
        for (int i = 0; i < c.length; i++) expected[i] = (float) ((c[i] - mean[i % bands]) * scale);
        assertThat(CropNormalizer.normalize(c, bands)).containsExactly(expected);
    }
}
