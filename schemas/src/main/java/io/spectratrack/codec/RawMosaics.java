package io.spectratrack.codec;

import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralDataException;
import java.nio.ByteBuffer;

/** Between the {@code camera.raw} wire record and a {@link Mosaic}, validating the header first. */
public final class RawMosaics {
    private RawMosaics() {}

    public static Mosaic toMosaic(RawMosaicFrame raw) {
        String where = "camera " + raw.getCameraId() + " sequence " + raw.getSequence();
        int w = raw.getWidth();
        int h = raw.getHeight();
        int p = raw.getPatternSize();
        if (w <= 0 || h <= 0) {
            throw new SpectralDataException(where + ": mosaic size " + w + "x" + h + " is not positive");
        }
        if (p < 2 || w % p != 0 || h % p != 0) {
            throw new SpectralDataException(where + ": mosaic of " + w + "x" + h
                    + " is not a whole number of " + p + "x" + p + " tiles");
        }
        SampleFormat format = SampleFormat.valueOf(raw.getSampleType().name());
        if (format != SampleFormat.FLOAT32 && SampleFormat.forBitDepth(raw.getBitDepth()) != format) {
            throw new SpectralDataException(where + ": bit depth " + raw.getBitDepth() + " cannot be carried as "
                    + format + " (8-bit needs UINT8, 9-16 bit needs UINT16)");
        }
        byte[] bytes = FrameCubes.bytesOf(raw.getSamples());
        float[] samples = format.decode(bytes, w * h, raw.getBitDepth(), where);
        return new Mosaic(h, w, samples);
    }

    /** The record a camera with this bit depth would publish for {@code mosaic} (values in [0,1]). */
    public static RawMosaicFrame toRecord(String cameraId, long sequence, long captureTimeMs,
                                          Mosaic mosaic, int patternSize, int bitDepth) {
        SampleFormat format = SampleFormat.forBitDepth(bitDepth);
        return RawMosaicFrame.newBuilder()
                .setCameraId(cameraId)
                .setSequence(sequence)
                .setCaptureTimeMs(java.time.Instant.ofEpochMilli(captureTimeMs))
                .setWidth(mosaic.width())
                .setHeight(mosaic.height())
                .setPatternSize(patternSize)
                .setBitDepth(bitDepth)
                .setSampleType(SampleType.valueOf(format.name()))
                .setSamples(ByteBuffer.wrap(format.encode(mosaic.samples(), bitDepth)))
                .build();
    }
}
