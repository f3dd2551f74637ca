package io.spectratrack.cube;

/**
 * Snapshot-mosaic demosaicking by band extraction (HOT2020's "X2Cube"): band {@code k} of cube
 * pixel {@code (i, j)} is mosaic sample {@code [P*i + k / P][P*j + k % P]} for a {@code P x P}
 * pattern (design/bcrnet.md, "Data formats"). The band index is the filter's position in the
 * tile, not its wavelength order; {@code CameraCalibration.wavelengthsNm} says which is which.
 */
public final class X2Cube {
    public static final int MIN_PATTERN = 2;
    public static final int MAX_PATTERN = 8;

    private X2Cube() {}

    public static SpectralCube toCube(Mosaic mosaic, int pattern) {
        requirePattern(pattern);
        if (mosaic.height() % pattern != 0 || mosaic.width() % pattern != 0) {
            throw new SpectralDataException("mosaic of " + mosaic.width() + "x" + mosaic.height()
                    + " is not a whole number of " + pattern + "x" + pattern + " tiles");
        }
        int h = mosaic.height() / pattern;
        int w = mosaic.width() / pattern;
        int bands = pattern * pattern;
        float[] src = mosaic.samples();
        float[] out = new float[bands * h * w];
        int mw = mosaic.width();
        // Row-wise gather: for each band, walk the tile rows it occupies with a fixed stride;
        // this keeps both the read and the write streams sequential enough for the cache.
        for (int k = 0; k < bands; k++) {
            int dy = k / pattern;
            int dx = k % pattern;
            int dst = k * h * w;
            for (int i = 0; i < h; i++) {
                int row = (pattern * i + dy) * mw + dx;
                for (int j = 0; j < w; j++) {
                    out[dst++] = src[row + pattern * j];
                }
            }
        }
        return new SpectralCube(bands, h, w, out);
    }

    /** Inverse of {@link #toCube}: the mosaic a sensor with this pattern would have recorded. */
    public static Mosaic toMosaic(SpectralCube cube) {
        int pattern = (int) Math.round(Math.sqrt(cube.bands()));
        if (pattern * pattern != cube.bands()) {
            throw new SpectralDataException("a cube of " + cube.bands()
                    + " bands has no square mosaic pattern (needs 4, 9, 16, 25 ... bands)");
        }
        requirePattern(pattern);
        int h = cube.height();
        int w = cube.width();
        int mw = w * pattern;
        float[] out = new float[h * pattern * mw];
        float[] src = cube.data();
        for (int k = 0; k < cube.bands(); k++) {
            int dy = k / pattern;
            int dx = k % pattern;
            int s = k * h * w;
            for (int i = 0; i < h; i++) {
                int row = (pattern * i + dy) * mw + dx;
                for (int j = 0; j < w; j++) {
                    out[row + pattern * j] = src[s++];
                }
            }
        }
        return new Mosaic(h * pattern, mw, out);
    }

    static void requirePattern(int pattern) {
        if (pattern < MIN_PATTERN || pattern > MAX_PATTERN) {
            throw new SpectralDataException("mosaic pattern must be " + MIN_PATTERN + ".." + MAX_PATTERN
                    + " (4 for 16-band VIS, 5 for 25-band NIR), got " + pattern);
        }
    }
}
