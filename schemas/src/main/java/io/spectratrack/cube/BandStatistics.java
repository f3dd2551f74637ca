package io.spectratrack.cube;

/**
 * Per-band mean, standard deviation and range of a cube (or of a crop). The mean is what the
 * tracker pads crops with (SiamBAN pads with the image's average channel value) and what
 * normalisation removes; min/max let a camera check report saturated or dead bands.
 */
public record BandStatistics(float[] mean, float[] std, float[] min, float[] max) {

    public static BandStatistics of(SpectralCube cube) {
        int bands = cube.bands();
        int plane = cube.pixelsPerBand();
        float[] data = cube.data();
        float[] mean = new float[bands];
        float[] std = new float[bands];
        float[] min = new float[bands];
        float[] max = new float[bands];
        for (int b = 0; b < bands; b++) {
            int off = b * plane;
            // Two-pass in double: single-pass float sums lose precision on multi-megapixel bands.
            double sum = 0;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < plane; p++) {
                float v = data[off + p];
                sum += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double m = sum / plane;
            double sq = 0;
            for (int p = 0; p < plane; p++) {
                double d = data[off + p] - m;
                sq += d * d;
            }
            mean[b] = (float) m;
            std[b] = (float) Math.sqrt(sq / plane);
            min[b] = lo;
            max[b] = hi;
        }
        return new BandStatistics(mean, std, min, max);
    }

    /**
     * The per-band mean alone, equal to {@code of(cube).mean()} to the last bit (the same sums in
     * the same order) at a third of the cost: the tracker pads every crop of every frame with it
     * and needs neither the spread nor the range.
     */
    public static float[] mean(SpectralCube cube) {
        int bands = cube.bands();
        int plane = cube.pixelsPerBand();
        float[] data = cube.data();
        float[] mean = new float[bands];
        for (int b = 0; b < bands; b++) {
            int off = b * plane;
            double sum = 0;
            for (int p = 0; p < plane; p++) sum += data[off + p];
            mean[b] = (float) (sum / plane);
        }
        return mean;
    }

    public int bands() {
        return mean.length;
    }
}
