package io.spectratrack.datasets.eval;

import io.spectratrack.geometry.Box;

import java.util.List;

/**
 * The field's one-pass evaluation (OPE) measures.
 * <ul>
 *   <li><b>Success</b>: the fraction of frames whose IoU with the ground truth is strictly above a
 *       threshold, as a curve over thresholds; its mean is the AUC. Two threshold sets: OTB's 21
 *       values 0, 0.05, ..., 1 ({@link #OTB_THRESHOLDS}) and the HOT challenge script's 50 values
 *       0.02, 0.04, ..., 1 ({@link #HOT_THRESHOLDS}). The HOT AUC is lower by construction (it
 *       omits the threshold 0, where every overlapping frame succeeds).</li>
 *   <li><b>Precision</b>: the fraction of frames whose centre distance is at most a threshold,
 *       thresholds 0..50 px; the value at 20 px is "precision@20" (DP@20).</li>
 * </ul>
 * Frames with an invalid (absent) ground-truth box are not counted; an invalid prediction scores
 * IoU 0 and an infinite distance. The initialisation frame counts as in the OTB toolkit.
 */
public final class Metrics {
    public static final double[] OTB_THRESHOLDS = steps(0.0, 0.05, 21);
    public static final double[] HOT_THRESHOLDS = steps(0.02, 0.02, 50);
    public static final double[] PRECISION_THRESHOLDS = steps(0, 1, 51);
    public static final double PRECISION_PX = 20;

    private Metrics() {}

    static double[] steps(double start, double step, int n) {
        double[] t = new double[n];
        // Round so 0.05 * 7 is exactly 0.35, not 0.35000000000000003.
        for (int i = 0; i < n; i++) t[i] = Math.round((start + step * i) * 1e9) / 1e9;
        return t;
    }

    /** Per-frame IoU (0 for an invalid prediction), NaN where the ground truth is absent. */
    public static double[] ious(List<Box> predicted, List<Box> truth) {
        int n = Math.min(predicted.size(), truth.size());
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Box g = truth.get(i), p = predicted.get(i);
            if (!g.isValid()) out[i] = Double.NaN;
            else out[i] = p == null || !p.isValid() ? 0 : p.iou(g);
        }
        return out;
    }

    /** Per-frame centre distance (infinite for an invalid prediction), NaN where the ground truth is absent. */
    public static double[] centreErrors(List<Box> predicted, List<Box> truth) {
        int n = Math.min(predicted.size(), truth.size());
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Box g = truth.get(i), p = predicted.get(i);
            if (!g.isValid()) out[i] = Double.NaN;
            else out[i] = p == null || !p.isValid() ? Double.POSITIVE_INFINITY : p.centreDistance(g);
        }
        return out;
    }

    /** Fraction of counted frames with IoU strictly above each threshold. */
    public static double[] successCurve(double[] ious, double[] thresholds) {
        double[] c = new double[thresholds.length];
        int n = 0;
        for (double v : ious) {
            if (Double.isNaN(v)) continue;
            n++;
            for (int k = 0; k < thresholds.length; k++) if (v > thresholds[k]) c[k]++;
        }
        for (int k = 0; k < c.length; k++) c[k] = n == 0 ? 0 : c[k] / n;
        return c;
    }

    /** Fraction of counted frames with centre error at most each threshold. */
    public static double[] precisionCurve(double[] errors, double[] thresholds) {
        double[] c = new double[thresholds.length];
        int n = 0;
        for (double v : errors) {
            if (Double.isNaN(v)) continue;
            n++;
            for (int k = 0; k < thresholds.length; k++) if (v <= thresholds[k]) c[k]++;
        }
        for (int k = 0; k < c.length; k++) c[k] = n == 0 ? 0 : c[k] / n;
        return c;
    }

    public static double auc(double[] curve) {
        double s = 0;
        for (double v : curve) s += v;
        return curve.length == 0 ? 0 : s / curve.length;
    }

    /** Fraction of counted frames with centre error at most {@code px}. */
    public static double precisionAt(double[] errors, double px) {
        return precisionCurve(errors, new double[] {px})[0];
    }

    /** Element-wise mean of equally long curves (OTB averages per-sequence curves). */
    public static double[] meanCurve(List<double[]> curves, int length) {
        double[] m = new double[length];
        if (curves.isEmpty()) return m;
        for (double[] c : curves) for (int i = 0; i < length; i++) m[i] += c[i];
        for (int i = 0; i < length; i++) m[i] /= curves.size();
        return m;
    }
}
