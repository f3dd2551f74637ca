package io.spectratrack.cube;

/**
 * Spectral input that cannot be used as it is: a mosaic whose size is not a multiple of its
 * pattern, a band count that disagrees with the data length, non-finite samples. The message
 * always says what was wrong and where (camera, frame, band, pixel when known), so that a
 * dead-letter record explains itself to the operator who reads it.
 */
public class SpectralDataException extends IllegalArgumentException {
    public SpectralDataException(String message) {
        super(message);
    }
}
