package io.spectratrack.local.camera;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.ReferenceCube;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The radiometry of a simulated snapshot-mosaic camera: each band has a dark offset and a white
 * level, so the sensor records {@code dark + reflectance * (white - dark)}. The camera publishes
 * the same two references as its {@link CameraCalibration}, and the ingest gateway's dark/white
 * correction then recovers the reflectance the scene was made of.
 */
public final class SensorModel {
    /** 12-bit samples in 16-bit words, like the HOT cameras' raw output. */
    public static final int BIT_DEPTH = 12;

    private final float[] dark;
    private final float[] white;

    /** The sensor of camera {@code cameraId}: its references derive from the id, so they are the same every run. */
    public static SensorModel forCamera(String cameraId, int bands) {
        return new SensorModel(bands, cameraId.hashCode());
    }

    public SensorModel(int bands, long seed) {
        Random r = new Random(seed);
        dark = new float[bands];
        white = new float[bands];
        for (int b = 0; b < bands; b++) {
            dark[b] = 0.02f + 0.02f * r.nextFloat();
            // Filter transmission differs per band; the white panel shows it.
            white[b] = 0.70f + 0.25f * r.nextFloat();
        }
    }

    /** The cube the sensor would record for a reflectance cube (new array; the input is untouched). */
    public SpectralCube expose(SpectralCube reflectance) {
        int plane = reflectance.pixelsPerBand();
        float[] in = reflectance.data();
        float[] out = new float[in.length];
        for (int b = 0; b < reflectance.bands(); b++) {
            float d = dark[b];
            float g = white[b] - d;
            int off = b * plane;
            for (int p = 0; p < plane; p++) {
                float v = in[off + p];
                out[off + p] = d + (v < 0 ? 0 : v > 1 ? 1 : v) * g;
            }
        }
        return new SpectralCube(reflectance.bands(), reflectance.height(), reflectance.width(), out);
    }

    /**
     * The raw sensor words the camera would deliver for a reflectance cube: {@link #expose}, the
     * mosaic ({@code X2Cube.toMosaic}) and {@link #BIT_DEPTH}-bit quantisation in one pass, with
     * the same float arithmetic as those three steps (so the same words), without their two
     * intermediate float copies of the frame.
     */
    public byte[] readout(SpectralCube reflectance) {
        int bands = reflectance.bands();
        int pattern = (int) Math.round(Math.sqrt(bands));
        if (pattern * pattern != bands || bands != dark.length) {
            throw new IllegalArgumentException("a " + dark.length + "-band sensor cannot expose a " + bands + "-band cube");
        }
        int h = reflectance.height();
        int w = reflectance.width();
        int mw = w * pattern;
        int max = (1 << BIT_DEPTH) - 1;
        float[] in = reflectance.data();
        byte[] out = new byte[h * pattern * mw * 2];
        int src = 0;
        for (int k = 0; k < bands; k++) {
            float d = dark[k];
            float g = white[k] - d;
            int dy = k / pattern;
            int dx = k % pattern;
            for (int i = 0; i < h; i++) {
                int row = (pattern * i + dy) * mw + dx;
                for (int j = 0; j < w; j++) {
                    float v = in[src++];
                    float x = d + (v < 0 ? 0 : v > 1 ? 1 : v) * g;
                    int q = Math.round(Math.max(0f, Math.min(1f, x)) * max);
                    int at = 2 * (row + pattern * j);
                    out[at] = (byte) q;
                    out[at + 1] = (byte) (q >>> 8);
                }
            }
        }
        return out;
    }

    public CameraCalibration calibration(String cameraId, int patternSize, List<Float> wavelengthsNm) {
        return CameraCalibration.newBuilder()
                .setCameraId(cameraId)
                .setPatternSize(patternSize)
                .setWavelengthsNm(wavelengthsNm)
                .setDark(perBand(dark))
                .setWhite(perBand(white))
                .setValidFromMs(Instant.now())
                .build();
    }

    private static ReferenceCube perBand(float[] values) {
        return ReferenceCube.newBuilder()
                .setBands(values.length)
                .setHeight(1)
                .setWidth(1)
                .setSamples(ByteBuffer.wrap(SampleFormat.FLOAT32.encode(values, 32)))
                .build();
    }
}
