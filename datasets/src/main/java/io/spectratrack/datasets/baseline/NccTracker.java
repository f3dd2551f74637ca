package io.spectratrack.datasets.baseline;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.eval.Tracker;
import io.spectratrack.geometry.Box;

/**
 * The classical baseline a practitioner would try first: multi-band normalised cross-correlation
 * template matching on the full cube. The template (per-band mean removed) is matched against
 * every position of a search window around the last position, at three scales, with integral
 * images for the window statistics; a mild motion prior (a 10% Gaussian fall-off at the window
 * border) breaks ties; the template adapts slowly (linear interpolation) when the match is good.
 *
 * <p>Everything runs on a working grid where the target's longer side is {@link #GRID} cells, so
 * the cost does not depend on target size. No learning, no spectral weighting: every band counts
 * the same, as in plain NCC.
 */
public final class NccTracker implements Tracker {
    /** Target's longer side on the working grid. */
    static final int GRID = 16;
    /** Search window half-size beyond the target, in target sizes. */
    static final double SEARCH = 1.5;
    static final double[] SCALES = {0.95, 1.0, 1.05};
    /** Score factor of a scale change (prefers keeping the size). */
    static final double SCALE_PENALTY = 0.985;
    /** Template interpolation rate when the match is confident. */
    static final double LEARNING_RATE = 0.03;
    static final double UPDATE_THRESHOLD = 0.5;

    private int bands, tw, th;
    private float[] template; // zero-mean per band, [b][y][x]
    private double cx, cy, w, h;
    private double lastScore = Double.NaN;
    private int frameW, frameH;

    @Override
    public void init(SpectralCube frame, Box box) {
        bands = frame.bands();
        frameW = frame.width();
        frameH = frame.height();
        cx = box.centreX();
        cy = box.centreY();
        w = Math.max(2, box.width());
        h = Math.max(2, box.height());
        double f = Math.max(w, h) / GRID;
        tw = Math.max(3, (int) Math.round(w / f));
        th = Math.max(3, (int) Math.round(h / f));
        template = sample(frame, cx - w / 2, cy - h / 2, w / tw, h / th, tw, th);
        zeroMean(template, tw * th);
    }

    @Override
    public Box track(SpectralCube frame) {
        double best = Double.NEGATIVE_INFINITY;
        double bx = cx, by = cy, bs = 1;
        float[] bestPatch = null;
        for (double s : SCALES) {
            double sw = w * s, sh = h * s;
            double cellX = sw / tw, cellY = sh / th;
            int gw = tw + 2 * (int) Math.ceil(SEARCH * Math.max(sw, sh) / cellX);
            int gh = th + 2 * (int) Math.ceil(SEARCH * Math.max(sw, sh) / cellY);
            double x0 = cx - gw * cellX / 2, y0 = cy - gh * cellY / 2;
            float[] grid = sample(frame, x0, y0, cellX, cellY, gw, gh);
            Match m = match(grid, gw, gh);
            double score = m.score * (s == 1.0 ? 1 : SCALE_PENALTY);
            if (score > best) {
                best = score;
                bs = s;
                bx = x0 + (m.x + tw / 2.0) * cellX;
                by = y0 + (m.y + th / 2.0) * cellY;
                bestPatch = crop(grid, gw, gh, m.x, m.y);
            }
        }
        lastScore = best;
        cx = Math.max(0, Math.min(frameW, bx));
        cy = Math.max(0, Math.min(frameH, by));
        w = Math.max(4, Math.min(frameW, w * bs));
        h = Math.max(4, Math.min(frameH, h * bs));
        if (best > UPDATE_THRESHOLD && bestPatch != null) {
            zeroMean(bestPatch, tw * th);
            for (int i = 0; i < template.length; i++) template[i] = (float) ((1 - LEARNING_RATE) * template[i] + LEARNING_RATE * bestPatch[i]);
        }
        return Box.ofCentre(cx, cy, w, h);
    }

    @Override
    public double lastScore() {
        return lastScore;
    }

    private record Match(int x, int y, double score) {}

    /** Best NCC position of the template inside a {@code gw x gh} grid (BSQ). */
    private Match match(float[] grid, int gw, int gh) {
        int n = tw * th;
        double tnorm = 0;
        for (float v : template) tnorm += v * v;
        tnorm = Math.sqrt(tnorm);
        int px = gw - tw + 1, py = gh - th + 1;
        // Integral images of the grid and its square, summed over bands per position below.
        double[] sum = new double[px * py], sq = new double[px * py];
        int iw = gw + 1;
        double[] ii = new double[(gh + 1) * iw], ii2 = new double[(gh + 1) * iw];
        double[] num = new double[px * py];
        for (int b = 0; b < bands; b++) {
            int off = b * gw * gh;
            for (int y = 0; y < gh; y++) {
                double rs = 0, rs2 = 0;
                for (int x = 0; x < gw; x++) {
                    double v = grid[off + y * gw + x];
                    rs += v;
                    rs2 += v * v;
                    ii[(y + 1) * iw + x + 1] = ii[y * iw + x + 1] + rs;
                    ii2[(y + 1) * iw + x + 1] = ii2[y * iw + x + 1] + rs2;
                }
            }
            for (int y = 0; y < py; y++) {
                for (int x = 0; x < px; x++) {
                    double s = rect(ii, iw, x, y, tw, th), s2 = rect(ii2, iw, x, y, tw, th);
                    // Window energy after removing this band's window mean.
                    sq[y * px + x] += Math.max(0, s2 - s * s / n);
                    sum[y * px + x] += s;
                }
            }
            int toff = b * n;
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    float tv = template[toff + ty * tw + tx];
                    if (tv == 0) continue;
                    for (int y = 0; y < py; y++) {
                        int row = off + (y + ty) * gw + tx;
                        int o = y * px;
                        for (int x = 0; x < px; x++) num[o + x] += tv * grid[row + x];
                    }
                }
            }
        }
        double bestS = Double.NEGATIVE_INFINITY;
        int bx = px / 2, by = py / 2;
        double cxg = (px - 1) / 2.0, cyg = (py - 1) / 2.0;
        for (int y = 0; y < py; y++) {
            for (int x = 0; x < px; x++) {
                double den = tnorm * Math.sqrt(sq[y * px + x]);
                double ncc = den > 1e-12 ? num[y * px + x] / den : 0;
                double dx = (x - cxg) / Math.max(1, cxg), dy = (y - cyg) / Math.max(1, cyg);
                double s = ncc * (1 - 0.1 * (1 - Math.exp(-(dx * dx + dy * dy))));
                if (s > bestS) { bestS = s; bx = x; by = y; }
            }
        }
        return new Match(bx, by, bestS);
    }

    private static double rect(double[] ii, int iw, int x, int y, int w, int h) {
        return ii[(y + h) * iw + x + w] - ii[y * iw + x + w] - ii[(y + h) * iw + x] + ii[y * iw + x];
    }

    private float[] crop(float[] grid, int gw, int gh, int x0, int y0) {
        float[] out = new float[bands * tw * th];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(grid, b * gw * gh + (y0 + y) * gw + x0, out, b * tw * th + y * tw, tw);
            }
        }
        return out;
    }

    private void zeroMean(float[] t, int n) {
        for (int b = 0; b < bands; b++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += t[b * n + i];
            m /= n;
            for (int i = 0; i < n; i++) t[b * n + i] -= (float) m;
        }
    }

    /**
     * Bilinear samples of a {@code gw x gh} grid with cell size (cellX, cellY) starting at
     * (x0, y0) in frame pixels; outside the frame the nearest edge pixel is used. BSQ output.
     */
    static float[] sample(SpectralCube cube, double x0, double y0, double cellX, double cellY, int gw, int gh) {
        int bands = cube.bands(), H = cube.height(), W = cube.width();
        float[] src = cube.data();
        float[] out = new float[bands * gw * gh];
        int[] xa = new int[gw], xb = new int[gw];
        float[] fx = new float[gw];
        for (int u = 0; u < gw; u++) {
            double sx = x0 + (u + 0.5) * cellX - 0.5;
            double fl = Math.floor(sx);
            xa[u] = clamp((int) fl, W);
            xb[u] = clamp((int) fl + 1, W);
            fx[u] = (float) (sx - fl);
        }
        for (int v = 0; v < gh; v++) {
            double sy = y0 + (v + 0.5) * cellY - 0.5;
            double fl = Math.floor(sy);
            int ya = clamp((int) fl, H), yb = clamp((int) fl + 1, H);
            float fy = (float) (sy - fl);
            for (int b = 0; b < bands; b++) {
                int plane = b * H * W, o = b * gw * gh + v * gw;
                for (int u = 0; u < gw; u++) {
                    float a = src[plane + ya * W + xa[u]], c = src[plane + ya * W + xb[u]];
                    float d = src[plane + yb * W + xa[u]], e = src[plane + yb * W + xb[u]];
                    float top = a + (c - a) * fx[u], bot = d + (e - d) * fx[u];
                    out[o + u] = top + (bot - top) * fy;
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
