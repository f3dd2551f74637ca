package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.eval.Tracker;
import io.spectratrack.geometry.Box;

/**
 * A classical tracker on the target's {@link SpectralSignature} alone, no network: the ablation
 * that shows what the signature does without BCR-Net (eval's {@code spectral} tracker). Each frame
 * it scores target-sized boxes on a grid around the last position (a quarter of the smaller box
 * side apart, out to {@link #SEARCH} box sizes, as far as the NCC baseline looks) and moves to the
 * best, with the same mild motion prior as the NCC baseline. The box keeps its first size; a
 * signature without trust ({@link SpectralSignature#trust()}) keeps the box where it is.
 */
public final class SpectralSignatureTracker implements Tracker {
    /** Search reach beyond the target, in target sizes (as the NCC baseline). */
    static final double SEARCH = 1.5;
    /** Score factor at the edge of the search area (a Gaussian fall-off that breaks ties towards staying). */
    static final double EDGE_PRIOR = 0.9;

    private SpectralSignature signature = SpectralSignature.NONE;
    private double cx, cy, w, h;
    private double lastScore = Double.NaN;

    @Override
    public void init(SpectralCube frame, Box box) {
        cx = box.centreX();
        cy = box.centreY();
        w = Math.max(2, box.width());
        h = Math.max(2, box.height());
        // The same surroundings the BCR-Net tracker learns against: two SiamFC contexts.
        signature = SpectralSignature.learn(frame, box, 2 * ResponseDecoder.sizeWithContext(w, h));
    }

    @Override
    public Box track(SpectralCube frame) {
        if (!(signature.trust() > 0)) {
            // Nothing sets the target apart from its surroundings: staying is the only honest answer.
            lastScore = 0;
            return Box.ofCentre(cx, cy, w, h);
        }
        double step = Math.max(1, Math.min(w, h) / 4);
        int reach = (int) Math.ceil(SEARCH * Math.max(w, h) / step);
        int n = 2 * reach + 1;
        double[] centres = new double[2 * n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                centres[2 * (j * n + i)] = cx + (i - reach) * step;
                centres[2 * (j * n + i) + 1] = cy + (j - reach) * step;
            }
        }
        float[] r = signature.response(frame, centres, w, h);
        double sigma2 = -reach * reach / (2 * Math.log(EDGE_PRIOR));
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int d2 = (i - reach) * (i - reach) + (j - reach) * (j - reach);
                double s = r[j * n + i] * Math.exp(-d2 / (2 * sigma2));
                if (s > bestScore) { bestScore = s; best = j * n + i; }
            }
        }
        if (best >= 0 && r[best] > 0) {
            cx = Math.max(0, Math.min(frame.width(), centres[2 * best]));
            cy = Math.max(0, Math.min(frame.height(), centres[2 * best + 1]));
        }
        lastScore = best >= 0 ? r[best] : 0;
        return Box.ofCentre(cx, cy, w, h);
    }

    @Override
    public double lastScore() {
        return lastScore;
    }
}
