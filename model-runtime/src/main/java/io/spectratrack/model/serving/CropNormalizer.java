package io.spectratrack.model.serving;

/**
 * The one crop normalisation used in training and at tracking time: for an HWC crop, subtract each
 * band's mean over the crop, then divide every value by the standard deviation of the whole
 * mean-removed crop (one scalar, so relative contrast between bands survives; a flat crop is left
 * at zero). Invariant to per-band offsets and a global gain, so sensors with other radiometric
 * scales (8/12/16-bit, reflectance) look alike to the net. The tracker calls {@link #normalize}
 * on every template and search crop before {@code BcrNetModel.template/track}.
 */
public final class CropNormalizer {

    /** Below this standard deviation a crop counts as flat and is only mean-centred. */
    private static final double FLAT_STD = 1e-6;

    private CropNormalizer() {
    }

    /** Returns a normalised copy of {@code hwc} (length a multiple of {@code bands}). */
    public static float[] normalize(float[] hwc, int bands) {
        float[] out = hwc.clone();
        normalizeInPlace(out, bands);
        return out;
    }

    /** Normalises {@code hwc} in place. */
    public static void normalizeInPlace(float[] hwc, int bands) {
        if (bands <= 0 || hwc.length % bands != 0) {
            throw new IllegalArgumentException("crop of " + hwc.length + " floats is not a whole number of " + bands + "-band pixels");
        }
        int pixels = hwc.length / bands;
        // Pixel-major loops with the band as the inner index (no per-value modulo: this runs on
        // every search window of every target, every frame). Each sum still adds the values in
        // index order, so the result is the same to the last bit.
        double[] mean = new double[bands];
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int b = 0; b < bands; b++, i++) mean[b] += hwc[i];
        }
        for (int b = 0; b < bands; b++) {
            mean[b] /= pixels;
        }
        double sq = 0;
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int b = 0; b < bands; b++, i++) {
                double v = hwc[i] - mean[b];
                sq += v * v;
            }
        }
        double std = Math.sqrt(sq / hwc.length);
        double scale = std > FLAT_STD ? 1.0 / std : 1.0;
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int b = 0; b < bands; b++, i++) hwc[i] = (float) ((hwc[i] - mean[b]) * scale);
        }
    }
}
