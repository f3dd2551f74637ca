package io.spectratrack.cube;

/**
 * Flat-field (dark/white reference) correction: {@code r = (x - dark) / (white - dark)} per band
 * and pixel, turning raw sensor counts into reflectance so that the same material gives the same
 * spectrum under different exposure. References are cubes of the frame's shape or a single
 * pixel per band (shape {@code [bands,1,1]}), which is what many cameras store.
 */
public final class Calibration {
    /** Below this white-minus-dark gap a pixel is dead; it maps to 0 instead of dividing by ~0. */
    static final float MIN_GAIN = 1e-6f;

    private Calibration() {}

    public static SpectralCube apply(SpectralCube raw, SpectralCube dark, SpectralCube white) {
        requireCompatible(raw, dark, "dark");
        requireCompatible(raw, white, "white");
        int plane = raw.pixelsPerBand();
        float[] x = raw.data();
        float[] out = new float[x.length];
        for (int b = 0; b < raw.bands(); b++) {
            for (int p = 0; p < plane; p++) {
                float d = reference(dark, b, p, plane);
                float gain = reference(white, b, p, plane) - d;
                int i = b * plane + p;
                out[i] = gain > MIN_GAIN ? (x[i] - d) / gain : 0f;
            }
        }
        return new SpectralCube(raw.bands(), raw.height(), raw.width(), out);
    }

    private static float reference(SpectralCube ref, int band, int pixel, int plane) {
        return ref.pixelsPerBand() == 1 ? ref.data()[band] : ref.data()[band * plane + pixel];
    }

    private static void requireCompatible(SpectralCube raw, SpectralCube ref, String name) {
        if (ref.bands() != raw.bands()) {
            throw new SpectralDataException(name + " reference has " + ref.bands() + " bands, the frame has " + raw.bands());
        }
        boolean perBand = ref.height() == 1 && ref.width() == 1;
        boolean full = ref.height() == raw.height() && ref.width() == raw.width();
        if (!perBand && !full) {
            throw new SpectralDataException(name + " reference is " + ref.width() + "x" + ref.height()
                    + ", expected 1x1 per band or the frame's " + raw.width() + "x" + raw.height());
        }
    }
}
