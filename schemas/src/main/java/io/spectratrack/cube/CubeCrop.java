package io.spectratrack.cube;

/**
 * The square context crop every Siamese tracker feeds its network (SiamFC/SiamBAN
 * "subwindow"): a {@code side x side} source window centred on {@code (cx, cy)} is resampled to
 * {@code out x out}; whatever falls outside the frame is filled with the band's padding value
 * (the per-band frame mean in SiamBAN, so the border carries no artificial edge).
 *
 * <p>Output is HWC, {@code [out][out][bands]}, the layout the TensorFlow model takes.
 * Resampling is bilinear at pixel centres: output pixel {@code u} samples source
 * {@code x = cx - side/2 + (u + 0.5) * side / out - 0.5}.
 */
public final class CubeCrop {
    private CubeCrop() {}

    /** Crop padded with the frame's per-band mean. */
    public static float[] crop(SpectralCube cube, double cx, double cy, double side, int out) {
        return crop(cube, cx, cy, side, out, BandStatistics.mean(cube));
    }

    public static float[] crop(SpectralCube cube, double cx, double cy, double side, int out, float[] pad) {
        if (out <= 0 || !(side > 0) || !Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new SpectralDataException("crop needs a positive finite window, got centre (" + cx + ", " + cy
                    + ") side " + side + " output " + out);
        }
        if (pad.length != cube.bands()) {
            throw new SpectralDataException("padding has " + pad.length + " values for a " + cube.bands() + "-band cube");
        }
        int bands = cube.bands();
        int h = cube.height();
        int w = cube.width();
        float[] src = cube.data();
        float[] dst = new float[out * out * bands];
        double scale = side / out;
        double x0 = cx - side / 2;
        double y0 = cy - side / 2;
        // Precompute the horizontal taps once; they are the same for every row and band.
        int[] xl = new int[out];
        float[] xf = new float[out];
        for (int u = 0; u < out; u++) {
            double sx = x0 + (u + 0.5) * scale - 0.5;
            double fl = Math.floor(sx);
            xl[u] = (int) fl;
            xf[u] = (float) (sx - fl);
        }
        for (int v = 0; v < out; v++) {
            double sy = y0 + (v + 0.5) * scale - 0.5;
            int yl = (int) Math.floor(sy);
            float fy = (float) (sy - yl);
            boolean rowIn0 = yl >= 0 && yl < h;
            boolean rowIn1 = yl + 1 >= 0 && yl + 1 < h;
            for (int u = 0; u < out; u++) {
                int xa = xl[u];
                float fx = xf[u];
                boolean colIn0 = xa >= 0 && xa < w;
                boolean colIn1 = xa + 1 >= 0 && xa + 1 < w;
                int o = (v * out + u) * bands;
                for (int b = 0; b < bands; b++) {
                    int plane = b * h * w;
                    float p = pad[b];
                    float a = rowIn0 && colIn0 ? src[plane + yl * w + xa] : p;
                    float c = rowIn0 && colIn1 ? src[plane + yl * w + xa + 1] : p;
                    float d = rowIn1 && colIn0 ? src[plane + (yl + 1) * w + xa] : p;
                    float e = rowIn1 && colIn1 ? src[plane + (yl + 1) * w + xa + 1] : p;
                    float top = a + (c - a) * fx;
                    float bottom = d + (e - d) * fx;
                    dst[o + b] = top + (bottom - top) * fy;
                }
            }
        }
        return dst;
    }
}
