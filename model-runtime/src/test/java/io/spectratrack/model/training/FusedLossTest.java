package io.spectratrack.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.model.TestModels;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The training loss must score the maps the tracker decodes. The tracker fuses the K branches
 * ({@code p = sum_k w_k sigmoid(cls_k)}, {@code reg = sum_k w_k reg_k}) before it picks a cell; a loss
 * that only scores every branch on its own (the original recipe) lets the fused peak land on the
 * wrong cell while each branch's loss looks fine. These tests recompute the fused losses in plain
 * Java from the graph's own outputs, the way {@code ResponseDecoder} fuses them.
 */
class FusedLossTest {

    private static final BcrNetConfig CFG = BcrNetConfig.lite(16);
    private static final ModelMetadata META = new ModelMetadata("t", "lite", 16, CFG.templateSize(), CFG.searchSize(), CFG.stride(),
            CFG.scoreSize(), CFG.groups());

    @Test
    void fusedLossIsTheBalancedCrossEntropyAndIouOfTheTrackersFusedMaps() {
        float[] java = new float[2];
        float[] graph = losses(1f, 0f, 0f, java, false);
        assertThat(graph[0]).as("classification loss of the fused map").isCloseTo(java[0], within(1e-3f * Math.max(1, java[0])));
        assertThat(graph[1]).as("1 - IoU of the fused box at positive cells").isCloseTo(java[1], within(1e-4f));
    }

    @Test
    void logL1AddsTheMeanAbsoluteLogRatioOfTheFusedDistances() {
        float[] java = new float[2];
        float[] graph = losses(1f, 0f, 0.5f, java, true);
        assertThat(graph[1]).isCloseTo(java[1], within(1e-4f));
    }

    @Test
    void branchOnlyLossDiffersFromTheFusedLoss() {
        float[] java = new float[2];
        float[] graph = losses(0f, 1f, 0f, java, false);
        // the per-branch IoU averages each branch's IoU; the fused box's IoU is not that average
        assertThat(Math.abs(graph[1] - java[1])).isGreaterThan(1e-4f);
    }

    @Test
    void stepScheduleHoldsTheRateThenDropsAndSurvivesARestart() {
        Trainer.Options o = new Trainer.Options(null, "lite", 16, null, null, 1000, 1, false, 8, 1e-3f, 2.5e-4f, 100, 100, 10, 10,
                1, 0, false, 0.8, 1, PairSampler.DEFAULT_SCALE_JITTER, 1f, 0.25f, 0f, 0, false);
        assertThat(Trainer.learningRate(o, 0)).isCloseTo(1e-4f, within(1e-7f));
        assertThat(Trainer.learningRate(o, 100)).isEqualTo(1e-3f);
        assertThat(Trainer.learningRate(o, 799)).isEqualTo(1e-3f);
        assertThat(Trainer.learningRate(o, 800)).isEqualTo(2.5e-4f);
        Trainer.Options r = new Trainer.Options(null, "lite", 16, null, null, 9000, 1, true, 8, 5e-4f, 1e-4f, 100, 100, 10, 10,
                1, 0, true, 0.8, 1, PairSampler.DEFAULT_SCALE_JITTER, 1f, 0.25f, 0.5f, 0, false);
        // resumed at 5000: 4000 steps left, the drop comes after 3200 of them, no warm-up
        assertThat(Trainer.learningRate(r, 5000, 5000)).isEqualTo(5e-4f);
        assertThat(Trainer.learningRate(r, 8199, 5000)).isEqualTo(5e-4f);
        assertThat(Trainer.learningRate(r, 8200, 5000)).isEqualTo(1e-4f);
    }

    /**
     * Runs the training graph's losses on two random pairs with labels; fills {@code java} with the
     * fused losses recomputed from the fetched maps; returns the graph's {cls, reg} losses.
     */
    private static float[] losses(float fused, float branch, float logL1, float[] java, boolean withLogL1) {
        int n = 2;
        int ss = CFG.scoreSize() * CFG.scoreSize();
        int k = CFG.groups();
        float[] t = new float[n * META.templateCropLength()];
        float[] s = new float[n * META.searchCropLength()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(TestModels.randomCrop(63, 16, i), 0, t, i * META.templateCropLength(), META.templateCropLength());
            System.arraycopy(TestModels.randomCrop(127, 16, 10 + i), 0, s, i * META.searchCropLength(), META.searchCropLength());
        }
        float[] cls = new float[n * ss];
        float[] reg = new float[n * ss * 4];
        Labels.assign(META, 63.5, 63.5, 30, 24, false, cls, 0, reg, 0);
        Labels.assign(META, 75.5, 55.5, 44, 36, false, cls, ss, reg, ss * 4);
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, CFG, fused, branch, logL1);
            try (Session sess = new Session(g)) {
                sess.initialize();
                tg.net().params().assign(sess, tg.net().params().initialValues(3));
                try (TFloat32 tz = TFloat32.tensorOf(Shape.of(n, 63, 63, 16));
                     TFloat32 tx = TFloat32.tensorOf(Shape.of(n, 127, 127, 16));
                     TFloat32 tc = TFloat32.tensorOf(Shape.of(n, 9, 9));
                     TFloat32 tr = TFloat32.tensorOf(Shape.of(n, 9, 9, 4))) {
                    tz.asRawTensor().data().asFloats().write(t);
                    tx.asRawTensor().data().asFloats().write(s);
                    tc.asRawTensor().data().asFloats().write(cls);
                    tr.asRawTensor().data().asFloats().write(reg);
                    try (Result r = sess.runner().feed(tg.templateCrops, tz).feed(tg.searchCrops, tx).feed(tg.clsLabels, tc)
                            .feed(tg.regTargets, tr).fetch(tg.clsLoss).fetch(tg.regLoss).fetch(tg.cls).fetch(tg.reg)
                            .fetch(tg.branchWeights).run()) {
                        float[] c = new float[n * k * ss];
                        float[] d = new float[n * k * 4 * ss];
                        float[] w = new float[n * k];
                        ((TFloat32) r.get(2)).asRawTensor().data().asFloats().read(c);
                        ((TFloat32) r.get(3)).asRawTensor().data().asFloats().read(d);
                        ((TFloat32) r.get(4)).asRawTensor().data().asFloats().read(w);
                        double posCe = 0;
                        double negCe = 0;
                        double oneMinusIou = 0;
                        double logErr = 0;
                        int pos = 0;
                        int neg = 0;
                        for (int i = 0; i < n; i++) {
                            for (int cell = 0; cell < ss; cell++) {
                                double p = 0;
                                double[] box = new double[4];
                                for (int j = 0; j < k; j++) {
                                    p += w[i * k + j] / (1 + Math.exp(-c[(i * k + j) * ss + cell]));
                                    for (int q = 0; q < 4; q++) {
                                        box[q] += w[i * k + j] * d[((i * k + j) * 4 + q) * ss + cell];
                                    }
                                }
                                float label = cls[i * ss + cell];
                                if (label == Labels.POSITIVE) {
                                    posCe -= Math.log(p + 1e-6);
                                    pos++;
                                    double[] g4 = new double[4];
                                    for (int q = 0; q < 4; q++) {
                                        g4[q] = reg[(i * ss + cell) * 4 + q];
                                        logErr += Math.abs(Math.log(box[q]) - Math.log(g4[q])) / 4;
                                    }
                                    double inter = (Math.min(box[0], g4[0]) + Math.min(box[2], g4[2]))
                                            * (Math.min(box[1], g4[1]) + Math.min(box[3], g4[3]));
                                    double union = (box[0] + box[2]) * (box[1] + box[3]) + (g4[0] + g4[2]) * (g4[1] + g4[3]) - inter;
                                    oneMinusIou += 1 - inter / union;
                                } else if (label == Labels.NEGATIVE) {
                                    negCe -= Math.log(1 - p + 1e-6);
                                    neg++;
                                }
                            }
                        }
                        assertThat(pos).isPositive();
                        java[0] = (float) (0.5 * (posCe / pos + negCe / neg));
                        java[1] = (float) (oneMinusIou / pos + (withLogL1 ? logL1 * logErr / pos : 0));
                        return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
                    }
                }
            }
        }
    }
}
