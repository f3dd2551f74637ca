package io.spectratrack.datasets.eval;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.datasets.baseline.NccTracker;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    static final Box NAN = new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    @Test
    void thresholdSetsMatchTheProtocols() {
        assertThat(Metrics.OTB_THRESHOLDS).hasSize(21);
        assertThat(Metrics.OTB_THRESHOLDS[0]).isEqualTo(0);
        assertThat(Metrics.OTB_THRESHOLDS[7]).isEqualTo(0.35);
        assertThat(Metrics.OTB_THRESHOLDS[20]).isEqualTo(1);
        assertThat(Metrics.HOT_THRESHOLDS).hasSize(50);
        assertThat(Metrics.HOT_THRESHOLDS[0]).isEqualTo(0.02);
        assertThat(Metrics.HOT_THRESHOLDS[49]).isEqualTo(1);
    }

    @Test
    void handComputedSuccessAndPrecision() {
        List<Box> gt = List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), NAN);
        List<Box> pr = List.of(new Box(0, 0, 10, 10),   // IoU 1, error 0
                new Box(5, 0, 10, 10),                    // IoU 50/150 = 1/3, error 5
                new Box(30, 0, 10, 10),                   // IoU 0, error 30
                NAN,                                      // lost: IoU 0, error inf
                new Box(0, 0, 1, 1));                     // not counted (no ground truth)
        double[] ious = Metrics.ious(pr, gt);
        assertThat(ious[1]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ious[4]).isNaN();
        double[] otb = Metrics.successCurve(ious, Metrics.OTB_THRESHOLDS);
        // Threshold 0: IoU > 0 for frames 0 and 1 -> 2/4. Thresholds 0.05..0.3 (6 values): 2/4.
        // 0.35..0.95 (13 values): only frame 0 -> 1/4. Threshold 1: none.
        assertThat(otb[0]).isEqualTo(0.5);
        assertThat(otb[6]).isEqualTo(0.5);
        assertThat(otb[7]).isEqualTo(0.25);
        assertThat(otb[20]).isEqualTo(0);
        assertThat(Metrics.auc(otb)).isCloseTo((7 * 0.5 + 13 * 0.25) / 21, within(1e-12));
        double[] hot = Metrics.successCurve(ious, Metrics.HOT_THRESHOLDS);
        // 0.02..0.32 (16 values): 2/4; 0.34..0.98 (33 values): 1/4; 1.0: 0.
        assertThat(Metrics.auc(hot)).isCloseTo((16 * 0.5 + 33 * 0.25) / 50, within(1e-12));
        double[] err = Metrics.centreErrors(pr, gt);
        assertThat(Metrics.precisionAt(err, 20)).isEqualTo(0.5);
        assertThat(Metrics.precisionAt(err, 30)).isEqualTo(0.75);
        assertThat(Metrics.precisionAt(err, 4.99)).isEqualTo(0.25);
    }

    @Test
    void trackerSummaryAveragesPerSequenceCurves() {
        List<Box> gt2 = List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10));
        SequenceResult perfect = new SequenceResult("a", Set.of("occlusion"), gt2, gt2, new double[2], 1, null);
        List<Box> gt4 = List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), new Box(0, 0, 10, 10));
        List<Box> miss = List.of(new Box(0, 0, 10, 10), NAN, NAN, NAN);
        SequenceResult bad = new SequenceResult("b", Set.of("camouflage"), miss, gt4, new double[4], 1, null);
        TrackerSummary s = new TrackerSummary("t", List.of(perfect, bad));
        TrackerSummary.Scores o = s.overall();
        assertThat(o.successOtb()[0]).isEqualTo((1 + 0.25) / 2);
        assertThat(o.precision20()).isEqualTo((1 + 0.25) / 2);
        assertThat(o.fps()).isEqualTo(3.0);
        Map<String, TrackerSummary.Scores> pa = s.perAttribute();
        assertThat(pa.keySet()).containsExactly("camouflage", "occlusion");
        assertThat(pa.get("occlusion").precision20()).isEqualTo(1);
    }

    /** A bright square moving right on a dark, slightly textured background. */
    record MovingSquare(int frames) implements VideoSequence {
        public String name() { return "square"; }
        public int frameCount() { return frames; }
        public Set<String> attributes() { return Set.of("fast_motion"); }
        public List<Box> groundTruth() {
            List<Box> l = new ArrayList<>();
            for (int i = 0; i < frames; i++) l.add(new Box(10 + 3 * i, 20, 12, 12));
            return l;
        }
        public SpectralCube frame(int i) {
            int w = 96, h = 64, b = 4;
            float[] d = new float[b * w * h];
            for (int k = 0; k < b; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                double v = 0.1 + 0.02 * Math.sin(x * 0.7 + y * 1.3 + k);
                if (x >= 10 + 3 * i && x < 22 + 3 * i && y >= 20 && y < 32) v = 0.5 + 0.1 * ((x + y) % 3) + 0.05 * k;
                d[(k * h + y) * w + x] = (float) v;
            }
            return new SpectralCube(b, h, w, d);
        }
    }

    @Test
    void harnessRunsTheBaselineAndWritesJsonAndPlots(@TempDir Path tmp) throws Exception {
        List<TrackerSummary> res = EvaluationHarness.run(List.of(new MovingSquare(12)),
                List.of(TrackerFactory.of("ncc", NccTracker::new)), line -> { });
        TrackerSummary.Scores o = res.get(0).overall();
        assertThat(o.aucOtb()).isGreaterThan(0.7);
        assertThat(o.precision20()).isEqualTo(1.0);
        EvaluationReport.write(tmp, res, Map.of("data", "unit-test"));
        String json = Files.readString(tmp.resolve("summary.json"));
        assertThat(json).contains("\"auc_otb\"", "\"auc_hot\"", "\"precision_20px\"", "\"fps\"", "\"per_attribute\"", "\"fast_motion\"");
        assertThat(tmp.resolve("success_otb.png")).exists();
        assertThat(tmp.resolve("precision.png")).exists();
        assertThat(tmp.resolve("results/ncc/square.txt")).exists();
        assertThat(EvaluationReport.table(res)).contains("ncc");
    }
}
