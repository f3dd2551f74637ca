package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TrackOutput;

/**
 * Turns the network's per-branch maps into the next box, SiamBAN's {@code track} post-processing
 * in phases, each a small pure function:
 * <ol>
 *   <li>{@link #branchWeights}: importance weights (the paper) or uniform;</li>
 *   <li>{@link #fuseScores} / {@link #fuseRegression}: branch fusion of the response maps
 *       ({@code p = sum_k w_k sigmoid(cls_k)}, {@code reg = sum_k w_k reg_k}). We fuse maps before
 *       post-processing (one of the two readings in design/bcrnet.md) so that one peak selection,
 *       penalty and window see the evidence of every branch;</li>
 *   <li>{@link #penalties}: scale and aspect change against the previous box,
 *       {@code exp(-(r_c * s_c - 1) * penalty_k)};</li>
 *   <li>cosine window: {@code pscore = penalty*p*(1-wi) + window*wi}, best cell;</li>
 *   <li>size smoothing with {@code lr = penalty * p * LR}, clipping to the frame;</li>
 *   <li>status from the fused score at the best cell; LOST freezes the previous box.</li>
 * </ol>
 */
public final class ResponseDecoder {
    private ResponseDecoder() {}

    /** Outcome of one decode, frame pixels. */
    public record Decision(double centreX, double centreY, double width, double height, float score, TrackStatus status,
                           int bestCell) {}

    public static float[] branchWeights(TrackOutput out, FusionMode mode) {
        int k = out.cls().length;
        float[] w = new float[k];
        float[] given = out.branchWeights();
        double sum = 0;
        if (mode == FusionMode.IMPORTANCE_WEIGHTED && given != null && given.length == k) {
            for (int i = 0; i < k; i++) sum += Math.max(0, given[i]);
        }
        if (sum <= 0 || !Double.isFinite(sum)) {
            java.util.Arrays.fill(w, 1f / k);
            return w;
        }
        for (int i = 0; i < k; i++) w[i] = (float) (Math.max(0, given[i]) / sum);
        return w;
    }

    /** Fused probability map: {@code sum_k w_k sigmoid(cls_k)}. */
    public static float[] fuseScores(float[][] cls, float[] weights) {
        float[] p = new float[cls[0].length];
        for (int k = 0; k < cls.length; k++) {
            for (int i = 0; i < p.length; i++) p[i] += (float) (weights[k] / (1 + Math.exp(-cls[k][i])));
        }
        return p;
    }

    /** Fused regression, layout {@code [c][cell]} like the model's. */
    public static float[] fuseRegression(float[][] reg, float[] weights) {
        float[] r = new float[reg[0].length];
        for (int k = 0; k < reg.length; k++) {
            for (int i = 0; i < r.length; i++) r[i] += weights[k] * reg[k][i];
        }
        return r;
    }

    /**
     * A regression map (layout {@code [l|t|r|b][cell]}, crop pixels) that puts a {@code w x h} box
     * centred on every cell: the previous size everywhere, no offset.
     */
    public static float[] sameSize(int cells, double w, double h) {
        float[] r = new float[4 * cells];
        java.util.Arrays.fill(r, 0, cells, (float) (w / 2));
        java.util.Arrays.fill(r, cells, 2 * cells, (float) (h / 2));
        java.util.Arrays.fill(r, 2 * cells, 3 * cells, (float) (w / 2));
        java.util.Arrays.fill(r, 3 * cells, 4 * cells, (float) (h / 2));
        return r;
    }

    /** SiamFC size with context, {@code sqrt((w+p)(h+p))}, {@code p = (w+h)/2}. */
    public static double sizeWithContext(double w, double h) {
        double p = (w + h) / 2;
        return Math.sqrt((w + p) * (h + p));
    }

    /** {@code max(r, 1/r)}: how far a ratio is from 1, symmetric in both directions. */
    public static double change(double r) {
        return Math.max(r, 1 / r);
    }

    /** Penalty per cell for the predicted sizes (crop pixels) against the previous size (crop pixels). */
    public static float[] penalties(float[] reg, int cells, double prevW, double prevH, double penaltyK) {
        float[] pen = new float[cells];
        double prevSz = sizeWithContext(prevW, prevH), prevRatio = prevW / prevH;
        for (int i = 0; i < cells; i++) {
            double w = Math.max(1e-3, reg[i] + reg[2 * cells + i]);
            double h = Math.max(1e-3, reg[cells + i] + reg[3 * cells + i]);
            double sc = change(sizeWithContext(w, h) / prevSz);
            double rc = change(prevRatio / (w / h));
            pen[i] = (float) Math.exp(-(rc * sc - 1) * penaltyK);
        }
        return pen;
    }

    /** Outer product of two Hanning windows ({@code numpy.hanning}), row-major. */
    public static float[] cosineWindow(int s) {
        double[] h = new double[s];
        for (int i = 0; i < s; i++) h[i] = s == 1 ? 1 : 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (s - 1));
        float[] w = new float[s * s];
        for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) w[y * s + x] = (float) (h[y] * h[x]);
        return w;
    }

    /** Status from the fused score at the chosen peak. */
    public static TrackStatus status(double score, TrackerConfig cfg) {
        if (score >= cfg.trackingScore()) return TrackStatus.TRACKING;
        if (score >= cfg.lostScore()) return TrackStatus.UNCERTAIN;
        return TrackStatus.LOST;
    }

    /**
     * Decodes fused maps into the next box for a target whose previous state is {@code prev},
     * searched in {@code window}, on a {@code frameW x frameH} frame.
     */
    public static Decision decode(float[] score, float[] reg, SearchCrop window, TargetTrack prev, ModelMetadata meta,
                                  TrackerConfig cfg, int frameW, int frameH) {
        int cells = meta.scoreSize() * meta.scoreSize();
        if (score.length != cells || reg.length != 4 * cells) {
            throw new IllegalArgumentException("maps of " + score.length + "/" + reg.length + " values for a " + meta.scoreSize()
                    + "x" + meta.scoreSize() + " score map");
        }
        double k = window.frameScale();
        float[] pen = penalties(reg, cells, prev.width() / k, prev.height() / k, cfg.penaltyK());
        float[] win = cosineWindow(meta.scoreSize());
        int best = 0;
        double bestP = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cells; i++) {
            double p = pen[i] * score[i] * (1 - cfg.windowInfluence()) + win[i] * cfg.windowInfluence();
            if (p > bestP) { bestP = p; best = i; }
        }
        double[] c = meta.cellCentre(best);
        double l = reg[best], t = reg[cells + best], r = reg[2 * cells + best], b = reg[3 * cells + best];
        double[] centre = window.toFrame(c[0] + (r - l) / 2, c[1] + (b - t) / 2);
        double predW = (l + r) * k, predH = (t + b) * k;
        float s = score[best];
        TrackStatus st = status(s, cfg);
        if (st == TrackStatus.LOST) {
            return new Decision(prev.centreX(), prev.centreY(), prev.width(), prev.height(), s, st, best);
        }
        double lr = pen[best] * s * cfg.lr();
        double w = prev.width() * (1 - lr) + predW * lr;
        double h = prev.height() * (1 - lr) + predH * lr;
        double cx = Math.max(0, Math.min(frameW, centre[0]));
        double cy = Math.max(0, Math.min(frameH, centre[1]));
        w = Math.max(cfg.minSize(), Math.min(frameW, w));
        h = Math.max(cfg.minSize(), Math.min(frameH, h));
        return new Decision(cx, cy, w, h, s, st, best);
    }
}
