package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.tracking.FisherDiscriminant.Moments;

import java.util.Arrays;

/**
 * What sets the target's material apart from its surroundings, learned once on the frame the
 * operator marked it in: a linear discriminant (Fisher's LDA) between the spectra inside the box
 * and the spectra around it and across the rest of the frame. This is the information hyperspectral tracking exists for (the
 * paper's introduction: materials that look alike in RGB differ in a few bands), kept outside the
 * network so that it adapts to each target and scene instead of relying on what training saw.
 *
 * <p>Spectra are compared by shape, not brightness: each pixel's spectrum is scaled to unit length
 * (the spectral angle's normalisation), so shadows and illumination drift, which scale a spectrum,
 * do not move it. Pixels near the box edge are left out of both sides (a box is not the target's
 * outline), and the response of a candidate box is the mean per-pixel probability over its inner
 * part ({@link #INNER}).
 *
 * <p>The background class is the target's surroundings (densely: what the search window will
 * hold) plus a grid over the rest of the frame. Learned against the surroundings alone, the
 * discriminant only has to tell the target from the one material around it, and projects materials
 * elsewhere in the scene anywhere, often onto the target's side: a tracker that wanders there, or
 * a target that moves over them, is then fooled (validation AUC 0.532 without the rest of the frame,
 * 0.540 with it; the signature alone 0.382 and 0.398).
 *
 * <p>{@link #separability()} ({@code d'}: distance of the class means in pooled standard
 * deviations) says how much to trust it: a target whose spectrum the surroundings share (same
 * material, or a scene without spectral contrast) gets a weight near zero
 * ({@link TrackerConfig#spectralWeight()}).
 *
 * @param weights      discriminant direction over unit-length spectra, scaled so the pooled
 *                     projection standard deviation is 1; empty when nothing was learned
 * @param bias         projection of the midpoint of the two class means
 * @param separability {@code d'} of the two classes on the marking frame, measured on pixels the
 *                     discriminant was not fitted to ({@link #heldOutSeparability}); 0 when nothing was learned
 * @param boxScaleX    the operator's box width over the target's width as this signature sees it on the
 *                     marking frame ({@link SpectralExtent#boxScale}); 1 when not measured
 * @param boxScaleY    the same for the height
 */
public record SpectralSignature(float[] weights, float bias, float separability, float boxScaleX, float boxScaleY) {

    /** No spectral evidence: the tracker uses the network alone. */
    public static final SpectralSignature NONE = new SpectralSignature(new float[0], 0f, 0f);

    /** A signature whose box scale was not measured (1 on both axes). */
    public SpectralSignature(float[] weights, float bias, float separability) {
        this(weights, bias, separability, 1f, 1f);
    }

    /**
     * Fraction of the box side (about the centre) whose pixels count as target, in learning and in
     * a candidate box's response. The whole box scored worse on validation (AUC 0.503 against
     * 0.532): corners of round or rotated targets are background.
     */
    public static final double INNER = 0.6;
    /** Background pixels lie outside the box scaled by this about its centre (a margin of a tenth of the box on each side). */
    public static final double RING_INNER = 1.2;
    /** At most about this many pixels per class are sampled (a regular grid over the region). */
    static final int MAX_SAMPLES = 4096;

    public SpectralSignature {
        if (weights == null) throw new IllegalArgumentException("weights must not be null");
        if (!(boxScaleX > 0 && boxScaleY > 0)) throw new IllegalArgumentException("box scales must be positive, got " + boxScaleX + " x " + boxScaleY);
    }

    public boolean isEmpty() {
        return weights.length == 0;
    }

    /**
     * Separability below which the signature is not used at all. d' is measured against the whole
     * frame's materials and on held-out pixels, so it runs lower than a fitted d' against the
     * surroundings alone.
     */
    public static final double TRUST_FROM = 0.5;
    /** Separability from which the signature gets its full weight. */
    public static final double TRUST_FULL = 2.0;

    /** How far to trust this signature, 0..1, from its separability: 0 up to {@link #TRUST_FROM}, 1 from {@link #TRUST_FULL}. */
    public double trust() {
        if (isEmpty()) return 0;
        return Math.max(0, Math.min(1, (separability - TRUST_FROM) / (TRUST_FULL - TRUST_FROM)));
    }

    /**
     * Learns the signature of the target in {@code box} on {@code frame} against the pixels within
     * {@code ringSide} (a square about the box centre, frame pixels) outside the box margin, and a
     * grid of pixels over the rest of the frame. A trusted signature also measures how much larger
     * {@code box} is than the target's extent ({@link SpectralExtent#boxScale}).
     * Returns {@link #NONE} when either side has fewer than two pixels.
     */
    public static SpectralSignature learn(SpectralCube frame, Box box, double ringSide) {
        int b = frame.bands();
        double cx = box.centreX(), cy = box.centreY();
        double iw = Math.max(1, box.width() * INNER), ih = Math.max(1, box.height() * INNER);
        double ow = box.width() * RING_INNER, oh = box.height() * RING_INNER;
        double half = Math.max(ringSide, Math.max(ow, oh) + 2) / 2;
        // Two halves of each class (a checkerboard of sample positions) to measure separability on
        // pixels the discriminant was not fitted to.
        Moments[] target = {new Moments(b), new Moments(b)};
        Moments[] background = {new Moments(b), new Moments(b)};
        int x0 = clamp((int) Math.floor(cx - half), frame.width()), x1 = clamp((int) Math.ceil(cx + half), frame.width());
        int y0 = clamp((int) Math.floor(cy - half), frame.height()), y1 = clamp((int) Math.ceil(cy + half), frame.height());
        int inner = (int) Math.ceil(iw * ih), ring = Math.max(1, (x1 - x0) * (y1 - y0) - inner);
        int stepIn = Math.max(1, (int) Math.sqrt((double) inner / MAX_SAMPLES));
        int stepOut = Math.max(1, (int) Math.sqrt((double) ring / MAX_SAMPLES));
        double[] px = new double[b];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double dx = Math.abs(x + 0.5 - cx), dy = Math.abs(y + 0.5 - cy);
                boolean in = dx <= iw / 2 && dy <= ih / 2;
                boolean out = dx > ow / 2 || dy > oh / 2;
                if (in && y % stepIn == 0 && x % stepIn == 0 && unit(frame, x, y, px)) {
                    target[(x / stepIn + y / stepIn) & 1].add(px);
                } else if (out && y % stepOut == 0 && x % stepOut == 0 && unit(frame, x, y, px)) {
                    background[(x / stepOut + y / stepOut) & 1].add(px);
                }
            }
        }
        // The rest of the frame too: materials away from the target must not look like it either.
        int stepAll = Math.max(1, (int) Math.sqrt((double) frame.width() * frame.height() / MAX_SAMPLES));
        for (int y = stepAll / 2; y < frame.height(); y += stepAll) {
            for (int x = stepAll / 2; x < frame.width(); x += stepAll) {
                if (x >= x0 && x < x1 && y >= y0 && y < y1) continue; // sampled above
                if (unit(frame, x, y, px)) background[(x / stepAll + y / stepAll) & 1].add(px);
            }
        }
        Moments allTarget = target[0].plus(target[1]), allBackground = background[0].plus(background[1]);
        if (allTarget.n < 2 || allBackground.n < 2) return NONE;
        double[] w = FisherDiscriminant.fit(allTarget, allBackground);
        if (w == null) return NONE;
        double[] mt = allTarget.mean(), mb = allBackground.mean();
        float[] wf = new float[b];
        double mid = 0;
        for (int i = 0; i < b; i++) {
            wf[i] = (float) w[i];
            mid += w[i] * (mt[i] + mb[i]) / 2;
        }
        SpectralSignature learned = new SpectralSignature(wf, (float) mid, (float) heldOutSeparability(target, background));
        if (!(learned.trust() > 0)) return learned;
        float[] k = SpectralExtent.boxScale(learned, frame, box);
        return new SpectralSignature(wf, learned.bias, learned.separability, k[0], k[1]);
    }

    /**
     * How much larger than the tracked box (the target's extent as the tracker follows it) to
     * report it, per axis: the box scale, weighted by trust as the extent itself is
     * ({@link TrackerConfig#extentRate()}): a signature not trusted shaped the box little.
     */
    double reportedScaleX() {
        return 1 + trust() * (boxScaleX - 1);
    }

    double reportedScaleY() {
        return 1 + trust() * (boxScaleY - 1);
    }

    /**
     * {@code d'} of a discriminant fitted on one half of the pixels, measured on the other half, both
     * ways, averaged. Fitted and measured on the same pixels, a discriminant over 16-25 bands
     * separates even pure noise when the target has few pixels (a small target of the background's
     * material would be trusted); held out, it does not, and taking one standard error off keeps
     * the chance separation of a handful of pixels untrusted. 0 when a half has fewer than two pixels.
     */
    static double heldOutSeparability(Moments[] target, Moments[] background) {
        double sum = 0, se = 0;
        for (int fit = 0; fit < 2; fit++) {
            Moments ft = target[fit], fb = background[fit], mt = target[1 - fit], mb = background[1 - fit];
            if (ft.n < 2 || fb.n < 2 || mt.n < 2 || mb.n < 2) return 0;
            double[] w = FisherDiscriminant.fit(ft, fb);
            if (w == null) return 0;
            sum += FisherDiscriminant.separation(w, mt, mb);
            // Standard error of a difference of two means in unit-variance units.
            se += Math.sqrt(1.0 / mt.n + 1.0 / mb.n);
        }
        // One standard error below the estimate: a few pixels' chance separation does not count.
        return Math.max(0, (sum - se) / 2);
    }

    /**
     * Mean target probability over the inner part of a {@code boxW x boxH} box centred on each of
     * {@code centres} ({@code [2n]}: x0, y0, x1, y1, ... in frame pixels), in [0, 1]. Pixels off the
     * frame are not counted; a box wholly off the frame scores 0.
     */
    public float[] response(SpectralCube frame, double[] centres, double boxW, double boxH) {
        int n = centres.length / 2;
        float[] out = new float[n];
        if (isEmpty() || n == 0) return out;
        double hw = Math.max(0.5, boxW * INNER / 2), hh = Math.max(0.5, boxH * INNER / 2);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, centres[2 * i]); maxX = Math.max(maxX, centres[2 * i]);
            minY = Math.min(minY, centres[2 * i + 1]); maxY = Math.max(maxY, centres[2 * i + 1]);
        }
        ProbabilityMap map = probabilityMap(frame, minX - hw, minY - hh, maxX + hw, maxY + hh);
        for (int i = 0; i < n; i++) {
            double x = centres[2 * i], y = centres[2 * i + 1];
            out[i] = (float) map.mean(x - hw, y - hh, x + hw, y + hh);
        }
        return out;
    }

    /** This signature's per-pixel target probability over frame pixels {@code [x0, x1) x [y0, y1)}. */
    ProbabilityMap probabilityMap(SpectralCube frame, double x0, double y0, double x1, double y1) {
        return ProbabilityMap.of(this, frame, x0, y0, x1, y1);
    }

    private static boolean unit(SpectralCube frame, int x, int y, double[] px) {
        double norm = 0;
        for (int k = 0; k < px.length; k++) {
            px[k] = frame.get(k, y, x);
            norm += px[k] * px[k];
        }
        if (!(norm > 0)) return false;
        double inv = 1 / Math.sqrt(norm);
        for (int k = 0; k < px.length; k++) px[k] *= inv;
        return true;
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpectralSignature s && Arrays.equals(weights, s.weights) && bias == s.bias && separability == s.separability
                && boxScaleX == s.boxScaleX && boxScaleY == s.boxScaleY;
    }

    @Override
    public int hashCode() {
        int h = 31 * (31 * Arrays.hashCode(weights) + Float.hashCode(bias)) + Float.hashCode(separability);
        return 31 * (31 * h + Float.hashCode(boxScaleX)) + Float.hashCode(boxScaleY);
    }

    @Override
    public String toString() {
        return "SpectralSignature[bands=" + weights.length + ", separability=" + separability + ", boxScale=" + boxScaleX + "x" + boxScaleY + "]";
    }

}
