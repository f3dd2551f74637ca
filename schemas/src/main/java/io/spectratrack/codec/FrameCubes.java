package io.spectratrack.codec;

import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.SpectralDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the {@code frames} wire record and the in-memory {@link SpectralCube}. Decoding
 * validates the header against the payload so that a frame whose band count disagrees with its
 * data length, or which holds NaNs, is rejected here with a message, not deep inside a crop.
 */
public final class FrameCubes {
    private FrameCubes() {}

    public static SpectralCube toCube(HyperspectralFrame frame) {
        Payload p = checked(frame);
        int bitDepth = p.format == SampleFormat.UINT8 ? 8 : 16;
        float[] data = p.format.decode(p.bytes, (int) p.count, bitDepth, p.where);
        return new SpectralCube(frame.getBands(), frame.getHeight(), frame.getWidth(), data).requireFinite(p.where);
    }

    /** A frame's samples in their wire packing, validated. */
    public record Samples(SampleFormat format, byte[] bytes) {}

    /**
     * The samples of a frame in their wire layout (band-sequential little-endian words or floats),
     * validated exactly like {@link #toCube} but without building the cube: a job that only
     * forwards frames need not convert every sample. Integer samples need no per-value check (any
     * word is a value in [0, 1]); float samples are checked for NaN and infinity.
     */
    public static Samples validatedSamples(HyperspectralFrame frame) {
        Payload p = checked(frame);
        if (p.format == SampleFormat.FLOAT32) {
            SpectralCube.requireFinite(ByteBuffer.wrap(p.bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(),
                    frame.getHeight(), frame.getWidth(), p.where);
        }
        return new Samples(p.format, p.bytes);
    }

    /** A frame's sample bytes after the header checks: sizes, payload length, wavelength count. */
    private record Payload(String where, SampleFormat format, long count, byte[] bytes) {}

    private static Payload checked(HyperspectralFrame frame) {
        String where = "camera " + frame.getCameraId() + " frame " + frame.getFrameIndex();
        int bands = frame.getBands();
        int h = frame.getHeight();
        int w = frame.getWidth();
        if (bands <= 0 || h <= 0 || w <= 0) {
            throw new SpectralDataException(where + ": header says " + bands + " bands of " + w + "x" + h);
        }
        SampleFormat format = SampleFormat.valueOf(frame.getSampleType().name());
        long count = (long) bands * h * w;
        byte[] bytes = bytesOf(frame.getSamples());
        if (bytes.length != count * format.bytesPerSample()) {
            throw new SpectralDataException(where + ": header says " + bands + " bands of " + w + "x" + h + " "
                    + format + " (" + count * format.bytesPerSample() + " bytes) but the frame carries "
                    + bytes.length + " bytes" + impliedBands(bytes.length, h, w, format));
        }
        List<Float> wl = frame.getWavelengthsNm();
        if (!wl.isEmpty() && wl.size() != bands) {
            throw new SpectralDataException(where + ": " + wl.size() + " wavelengths for " + bands + " bands");
        }
        return new Payload(where, format, count, bytes);
    }

    public static HyperspectralFrame toFrame(String cameraId, long frameIndex, long captureTimeMs,
                                             SpectralCube cube, List<Float> wavelengthsNm, boolean calibrated) {
        return toFrame(new Header(cameraId, frameIndex, captureTimeMs, cube.bands(), cube.height(), cube.width()),
                SampleType.FLOAT32, SampleFormat.FLOAT32.encode(cube.data(), 32), wavelengthsNm, calibrated);
    }

    /** Where a frame comes from and its shape: the header fields every frame record carries. */
    public record Header(String cameraId, long frameIndex, long captureTimeMs, int bands, int height, int width) {}

    /** A frame record around samples already in their wire packing (band-sequential, little-endian). */
    public static HyperspectralFrame toFrame(Header h, SampleType type, byte[] samples, List<Float> wavelengthsNm,
                                             boolean calibrated) {
        return HyperspectralFrame.newBuilder()
                .setCameraId(h.cameraId())
                .setFrameIndex(h.frameIndex())
                .setCaptureTimeMs(java.time.Instant.ofEpochMilli(h.captureTimeMs()))
                .setBands(h.bands())
                .setHeight(h.height())
                .setWidth(h.width())
                .setWavelengthsNm(wavelengthsNm == null ? new ArrayList<>() : new ArrayList<>(wavelengthsNm))
                .setSampleType(type)
                .setSamples(ByteBuffer.wrap(samples))
                .setCalibrated(calibrated)
                .build();
    }

    /**
     * The bytes of a decoded record's {@code bytes} field. Avro decodes such a field into a buffer
     * over an array of its own, which is returned as is (read it, do not modify it): a frame's
     * megabytes are not copied once more. Any other buffer is copied.
     */
    public static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static String impliedBands(int bytes, int h, int w, SampleFormat format) {
        long perBand = (long) h * w * format.bytesPerSample();
        return bytes % perBand == 0 ? " (that is " + bytes / perBand + " bands)" : "";
    }
}
