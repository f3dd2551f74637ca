package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;

/**
 * The target's extent read off its {@link SpectralSignature}: among boxes about the tracked centre
 * (each side {@link #SCALES} times the current one, the centre shifted by {@link #SHIFTS} of a
 * side), the one whose inside most exceeds its surround in mean target probability.
 *
 * <p>Why: the lite network's size regression is weak, so SiamBAN's size smoothing
 * ({@link TrackerConfig#lr()}) follows it slowly and the box drifts away from the target's size
 * (on validation, with the true size at the tracked centre, mean IoU would rise from 0.55 to
 * 0.63). Where the target's material stands out from the scene, the material itself shows how
 * large the target is, and where its middle is. Contrast with the surround rather than the mean
 * inside alone: a box inside the target is all target too, only a box that matches it leaves the
 * surround empty. The tracker moves its box part of the way there ({@link TrackerConfig#extentRate()}).
 * Both axes scale independently: with one scale for both (the aspect left to the network),
 * validation AUC fell from 0.579 to 0.568.
 */
final class SpectralExtent {
    /** Candidate side lengths relative to the current box, per axis (aspect changes included). */
    static final double[] SCALES = {0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4};
    /** Candidate centre shifts, in box sides, per axis. */
    static final double[] SHIFTS = {-0.1, 0, 0.1};
    /** The surround is the box scaled by this about its centre, less the box. */
    static final double SURROUND = 1.5;
    /**
     * Least contrast for the extent to count: under it the target barely stands out (occluded,
     * blurred, or a weak signature), and the extent is noise.
     */
    static final double MIN_CONTRAST = 0.3;

    /**
     * Box scale calibration ({@link #boxScale}): extents tried about the marked box, as fractions of
     * its sides, from 0.6 to 1.2 in steps of 0.025, the centre kept (the operator's centre is right).
     */
    static final double[] CALIBRATION_SCALES = steps(0.6, 1.2, 0.025);
    /**
     * Bounds of a box scale. Under 0.8, the marked box would be much smaller than the material it
     * sits on (the operator marked part of an object); over 1/0.7, the target's material fills
     * less than 70% of each side and the signature describes a part of the target, not its box.
     */
    static final double BOX_SCALE_MIN = 0.8, BOX_SCALE_MAX = 1 / 0.7;

    private SpectralExtent() {}

    /**
     * The best box and its contrast: mean probability inside less mean probability in the surround,
     * in [-1, 1]; {@code -infinity} when no candidate box had pixels on the frame.
     */
    record Fit(double centreX, double centreY, double width, double height, double contrast) {
        boolean isClear() {
            return contrast >= MIN_CONTRAST;
        }
    }

    /** The best-contrast box about {@code (cx, cy)} for a current box of {@code w x h} (frame pixels). */
    static Fit fit(SpectralSignature s, SpectralCube frame, double cx, double cy, double w, double h) {
        return fit(s, frame, cx, cy, w, h, SCALES, SHIFTS);
    }

    /**
     * How much larger the operator's box is than the target's extent as {@code s} sees it on the
     * marking frame, per axis: {@code {box width / extent width, box height / extent height}},
     * within [{@link #BOX_SCALE_MIN}, {@link #BOX_SCALE_MAX}]; {@code {1, 1}} when the extent is
     * not clear.
     *
     * <p>Why: the extent is the box that best separates the target's material from its surround,
     * and that box is smaller than a bounding box wherever the target does not fill its box: the
     * corners of a round or rotated target, a part of another material (a stripe, a cap), edges
     * softened by blur. The tracker follows the extent (it locates the target best; boxes kept at
     * the operator's size lost the target more often), and reports that box scaled back by this
     * ratio ({@link TargetTrack#reportedBox()}).
     */
    static float[] boxScale(SpectralSignature s, SpectralCube frame, Box box) {
        Fit f = fit(s, frame, box.centreX(), box.centreY(), box.width(), box.height(), CALIBRATION_SCALES, new double[] {0});
        if (!f.isClear()) return new float[] {1, 1};
        return new float[] {(float) bounded(box.width() / f.width()), (float) bounded(box.height() / f.height())};
    }

    private static double bounded(double k) {
        return Math.max(BOX_SCALE_MIN, Math.min(BOX_SCALE_MAX, k));
    }

    private static double[] steps(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step);
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) out[i] = from + step * i;
        return out;
    }

    private static Fit fit(SpectralSignature s, SpectralCube frame, double cx, double cy, double w, double h,
                           double[] scales, double[] shifts) {
        double reach = scales[scales.length - 1] * SURROUND / 2 + shifts[shifts.length - 1];
        ProbabilityMap map = s.probabilityMap(frame, cx - reach * w - 1, cy - reach * h - 1, cx + reach * w + 1, cy + reach * h + 1);
        Fit best = new Fit(cx, cy, w, h, Double.NEGATIVE_INFINITY);
        for (double sy : shifts) {
            for (double sx : shifts) {
                double x = cx + sx * w, y = cy + sy * h;
                for (double kh : scales) {
                    for (double kw : scales) {
                        double bw = kw * w, bh = kh * h;
                        double[] in = map.sumAndArea(x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2);
                        double ow = bw * SURROUND, oh = bh * SURROUND;
                        double[] all = map.sumAndArea(x - ow / 2, y - oh / 2, x + ow / 2, y + oh / 2);
                        double ringArea = all[1] - in[1];
                        if (in[1] <= 0 || ringArea <= 0) continue;
                        double c = in[0] / in[1] - (all[0] - in[0]) / ringArea;
                        if (c > best.contrast()) best = new Fit(x, y, bw, bh, c);
                    }
                }
            }
        }
        return best;
    }
}
