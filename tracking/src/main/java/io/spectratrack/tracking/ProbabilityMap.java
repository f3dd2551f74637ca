package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;

/**
 * A {@link SpectralSignature}'s per-pixel target probability over one rectangle of a frame, kept
 * as an integral image so that the mean over any box inside it costs four lookups. Boxes are
 * clipped to the rectangle; pixels outside it do not count.
 */
final class ProbabilityMap {
    private final int x0, y0, w, h;
    private final double[] integral;

    private ProbabilityMap(int x0, int y0, int w, int h, double[] integral) {
        this.x0 = x0;
        this.y0 = y0;
        this.w = w;
        this.h = h;
        this.integral = integral;
    }

    /** The map over frame pixels {@code [x0, x1) x [y0, y1)}, clipped to the frame. */
    static ProbabilityMap of(SpectralSignature s, SpectralCube frame, double x0, double y0, double x1, double y1) {
        int ax = clamp((int) Math.floor(x0), frame.width()), bx = clamp((int) Math.ceil(x1), frame.width());
        int ay = clamp((int) Math.floor(y0), frame.height()), by = clamp((int) Math.ceil(y1), frame.height());
        int rw = Math.max(0, bx - ax), rh = Math.max(0, by - ay);
        double[] integral = new double[(rw + 1) * (rh + 1)];
        float[] data = frame.data();
        float[] weights = s.weights();
        int plane = frame.pixelsPerBand(), b = weights.length;
        for (int y = 0; y < rh; y++) {
            double row = 0;
            for (int x = 0; x < rw; x++) {
                int idx = (ay + y) * frame.width() + ax + x;
                double proj = 0, norm = 0;
                for (int k = 0; k < b; k++) {
                    double v = data[k * plane + idx];
                    proj += weights[k] * v;
                    norm += v * v;
                }
                // Unit-length spectra (SpectralSignature): the projection of the spectrum's shape.
                double p = norm > 0 ? 1 / (1 + Math.exp(-(proj / Math.sqrt(norm) - s.bias()))) : 0;
                row += p;
                integral[(y + 1) * (rw + 1) + x + 1] = integral[y * (rw + 1) + x + 1] + row;
            }
        }
        return new ProbabilityMap(ax, ay, rw, rh, integral);
    }

    /** Sum of probabilities and pixel count over the box {@code [ax, bx) x [ay, by)} (frame pixels, rounded, clipped). */
    double[] sumAndArea(double ax, double ay, double bx, double by) {
        int x0r = clampTo(Math.round(ax) - x0, w), x1r = clampTo(Math.round(bx) - x0, w);
        int y0r = clampTo(Math.round(ay) - y0, h), y1r = clampTo(Math.round(by) - y0, h);
        int area = (x1r - x0r) * (y1r - y0r);
        if (area <= 0) return new double[] {0, 0};
        int s = w + 1;
        double sum = integral[y1r * s + x1r] - integral[y0r * s + x1r] - integral[y1r * s + x0r] + integral[y0r * s + x0r];
        return new double[] {sum, area};
    }

    /** Mean probability over a box (see {@link #sumAndArea}); 0 for a box with no pixel in the map. */
    double mean(double ax, double ay, double bx, double by) {
        double[] sa = sumAndArea(ax, ay, bx, by);
        return sa[1] > 0 ? sa[0] / sa[1] : 0;
    }

    private static int clampTo(long v, int size) {
        return (int) Math.max(0, Math.min(size, v));
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
