package io.spectratrack.cube;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A hyperspectral cube in band-sequential (BSQ) layout: sample {@code (b, y, x)} lives at
 * {@code data[(b * height + y) * width + x]}. BSQ is what X2Cube produces one band at a time and
 * what the wire record carries, so no transposition happens on the hot path; crops for the model
 * are converted to HWC by {@link CubeCrop}.
 *
 * <p>The array is owned by the cube once constructed; callers must not mutate it afterwards.
 */
public final class SpectralCube {
    private final int bands;
    private final int height;
    private final int width;
    private final float[] data;

    public SpectralCube(int bands, int height, int width, float[] data) {
        if (bands <= 0 || height <= 0 || width <= 0) {
            throw new SpectralDataException("cube dimensions must be positive, got bands=" + bands
                    + " height=" + height + " width=" + width);
        }
        long expected = (long) bands * height * width;
        if (data == null || data.length != expected) {
            throw new SpectralDataException("cube of " + bands + " bands x " + height + " x " + width
                    + " needs " + expected + " samples but the data holds "
                    + (data == null ? "none" : String.valueOf(data.length)));
        }
        this.bands = bands;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    public static SpectralCube zeros(int bands, int height, int width) {
        return new SpectralCube(bands, height, width, new float[bands * height * width]);
    }

    public int bands() { return bands; }
    public int height() { return height; }
    public int width() { return width; }
    public int pixelsPerBand() { return height * width; }

    /** The backing BSQ array (not a copy: the cube is a value on the hot path). */
    public float[] data() { return data; }

    public float get(int band, int y, int x) {
        return data[(band * height + y) * width + x];
    }

    /** Offset of band {@code b}'s first sample in {@link #data()}. */
    public int bandOffset(int band) {
        return band * height * width;
    }

    /** A copy of one band plane, row-major. */
    public float[] band(int band) {
        int off = bandOffset(band);
        return Arrays.copyOfRange(data, off, off + height * width);
    }

    /**
     * Fails with the first non-finite sample's band and pixel; {@code where} names the source
     * (for example "camera cam-1 frame 42") so the message can stand alone in a dead letter.
     */
    public SpectralCube requireFinite(String where) {
        requireFinite(FloatBuffer.wrap(data), height, width, where);
        return this;
    }

    /**
     * Fails with the band and pixel of the first NaN or infinity in band-sequential {@code samples}
     * of {@code height x width} planes (also for samples still in their wire bytes).
     */
    public static void requireFinite(FloatBuffer samples, int height, int width, String where) {
        for (int i = 0, n = samples.limit(); i < n; i++) {
            float v = samples.get(i);
            if (!Float.isFinite(v)) {
                int plane = height * width;
                int b = i / plane;
                int y = (i % plane) / width;
                int x = i % width;
                throw new SpectralDataException(where + ": sample is " + v + " at band " + b
                        + ", pixel (x=" + x + ", y=" + y + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "SpectralCube[" + bands + " bands, " + height + "x" + width + "]";
    }
}
