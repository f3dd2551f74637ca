package io.spectratrack.cube;

/**
 * The 2-D image a snapshot mosaic sensor delivers: a {@code pattern x pattern} tile of narrow-band
 * filters repeats over the sensor, so one exposure holds {@code pattern^2} bands at
 * {@code 1/pattern} of the resolution. Samples are row-major floats.
 */
public record Mosaic(int height, int width, float[] samples) {
    public Mosaic {
        if (height <= 0 || width <= 0) {
            throw new SpectralDataException("mosaic size must be positive, got " + width + "x" + height);
        }
        if (samples == null || samples.length != height * width) {
            throw new SpectralDataException("mosaic of " + width + "x" + height + " needs " + (height * width)
                    + " samples but holds " + (samples == null ? "none" : String.valueOf(samples.length)));
        }
    }

    public float get(int row, int col) {
        return samples[row * width + col];
    }
}
