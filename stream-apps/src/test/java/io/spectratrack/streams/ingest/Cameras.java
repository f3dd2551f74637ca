package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.ReferenceCube;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Synthetic camera records for the gateway tests: a 4x4-pattern, 12-bit sensor with a known scene. */
public final class Cameras {
    public static final int PATTERN = 4;
    public static final int BANDS = PATTERN * PATTERN;
    public static final int BIT_DEPTH = 12;

    private Cameras() {}

    /** Band k of pixel (i, j) holds a distinct value in [0.1, 0.9]. */
    public static SpectralCube scene(int height, int width) {
        float[] data = new float[BANDS * height * width];
        int n = 0;
        for (int k = 0; k < BANDS; k++) {
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    data[n++] = 0.1f + 0.8f * ((k * 7 + i * 3 + j) % 50) / 49f;
                }
            }
        }
        return new SpectralCube(BANDS, height, width, data);
    }

    public static RawMosaicFrame frame(String camera, long sequence, SpectralCube scene) {
        return RawMosaics.toRecord(camera, sequence, 1_700_000_000_000L + sequence * 40, X2Cube.toMosaic(scene), PATTERN, BIT_DEPTH);
    }

    public static byte[] bytes(RawMosaicFrame frame) {
        return AvroCodec.of(RawMosaicFrame.class).encode(frame);
    }

    public static List<Float> wavelengths() {
        List<Float> wl = new ArrayList<>();
        for (int k = 0; k < BANDS; k++) wl.add(470f + 10f * k);
        return wl;
    }

    public static CameraCalibration calibration(String camera, float dark, float white) {
        return CameraCalibration.newBuilder()
                .setCameraId(camera)
                .setPatternSize(PATTERN)
                .setWavelengthsNm(wavelengths())
                .setDark(perBand(dark))
                .setWhite(perBand(white))
                .build();
    }

    public static ReferenceCube perBand(float value) {
        float[] v = new float[BANDS];
        java.util.Arrays.fill(v, value);
        return ReferenceCube.newBuilder().setBands(BANDS).setHeight(1).setWidth(1)
                .setSamples(ByteBuffer.wrap(SampleFormat.FLOAT32.encode(v, 32))).build();
    }

    /** What the sensor actually recorded for {@code value}: quantised to the bit depth. */
    public static float quantised(float value) {
        int max = (1 << BIT_DEPTH) - 1;
        return Math.round(value * max) / (float) max;
    }
}
