package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.ReferenceCube;
import io.spectratrack.cube.Calibration;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.SpectralDataException;
import io.spectratrack.cube.X2Cube;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link CameraCalibration} checked and decoded once when it arrives, so that each frame only
 * does the arithmetic: the reference cubes are decoded from bytes here, not per frame.
 */
public record CameraCalibrations(String cameraId, int patternSize, List<Float> wavelengthsNm,
                                 SpectralCube dark, SpectralCube white) {

    /** Validates a calibration record; throws {@link SpectralDataException} saying what is wrong. */
    public static CameraCalibrations prepare(CameraCalibration c) {
        String where = "calibration of camera " + c.getCameraId();
        int p = c.getPatternSize();
        if (p < X2Cube.MIN_PATTERN || p > X2Cube.MAX_PATTERN) {
            throw new SpectralDataException(where + ": pattern size " + p + " is outside "
                    + X2Cube.MIN_PATTERN + ".." + X2Cube.MAX_PATTERN);
        }
        int bands = p * p;
        List<Float> wl = List.copyOf(c.getWavelengthsNm());
        if (!wl.isEmpty() && wl.size() != bands) {
            throw new SpectralDataException(where + ": " + wl.size() + " wavelengths for a " + p + "x" + p
                    + " pattern (" + bands + " bands)");
        }
        SpectralCube dark = reference(c.getDark(), bands, where + ", dark reference");
        SpectralCube white = reference(c.getWhite(), bands, where + ", white reference");
        return new CameraCalibrations(c.getCameraId(), p, wl, dark, white);
    }

    public boolean correctsRadiometry() {
        return dark != null || white != null;
    }

    /**
     * Dark/white correction of a demosaicked cube. A missing dark reference means zero offset and a
     * missing white one unit gain, so a camera with only one reference still gets that correction.
     */
    public SpectralCube apply(SpectralCube raw) {
        if (!correctsRadiometry()) return raw;
        SpectralCube d = dark != null ? dark : constant(raw.bands(), 0f);
        SpectralCube w = white != null ? white : constant(raw.bands(), 1f);
        return Calibration.apply(raw, d, w);
    }

    private static SpectralCube constant(int bands, float value) {
        float[] v = new float[bands];
        java.util.Arrays.fill(v, value);
        return new SpectralCube(bands, 1, 1, v);
    }

    private static SpectralCube reference(ReferenceCube ref, int bands, String where) {
        if (ref == null) return null;
        if (ref.getBands() != bands) {
            throw new SpectralDataException(where + " has " + ref.getBands() + " bands, the pattern gives " + bands);
        }
        if (ref.getHeight() <= 0 || ref.getWidth() <= 0) {
            throw new SpectralDataException(where + " is " + ref.getWidth() + "x" + ref.getHeight());
        }
        int count = bands * ref.getHeight() * ref.getWidth();
        ByteBuffer b = ref.getSamples().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        float[] data = SampleFormat.FLOAT32.decode(bytes, count, 32, where);
        return new SpectralCube(bands, ref.getHeight(), ref.getWidth(), data).requireFinite(where);
    }
}
