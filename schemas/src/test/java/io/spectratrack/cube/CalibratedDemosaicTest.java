package io.spectratrack.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass kernel against the general four-pass path it replaces on the ingest hot path. */
class CalibratedDemosaicTest {

    private static SpectralCube perBand(int bands, Random r, float base, float spread) {
        float[] v = new float[bands];
        for (int b = 0; b < bands; b++) v[b] = base + spread * r.nextFloat();
        return new SpectralCube(bands, 1, 1, v);
    }

    /** The general path: decode to floats, demosaic, dark/white correction, quantise to 16 bits. */
    private static byte[] generalPath(byte[] raw, int w, int h, int pattern, int bitDepth, SpectralCube dark, SpectralCube white) {
        SampleFormat in = SampleFormat.forBitDepth(bitDepth);
        Mosaic m = new Mosaic(h, w, in.decode(raw, w * h, bitDepth, "test"));
        SpectralCube cube = X2Cube.toCube(m, pattern);
        SpectralCube d = dark != null ? dark : new SpectralCube(cube.bands(), 1, 1, new float[cube.bands()]);
        SpectralCube wh = white;
        if (wh == null) {
            float[] ones = new float[cube.bands()];
            java.util.Arrays.fill(ones, 1f);
            wh = new SpectralCube(cube.bands(), 1, 1, ones);
        }
        return SampleFormat.UINT16.encode(Calibration.apply(cube, d, wh).data(), 16);
    }

    private static byte[] randomMosaic(int w, int h, int bitDepth, Random r) {
        SampleFormat f = SampleFormat.forBitDepth(bitDepth);
        byte[] raw = new byte[w * h * f.bytesPerSample()];
        int levels = 1 << bitDepth;
        for (int i = 0; i < w * h; i++) {
            int v = r.nextInt(levels);
            if (f == SampleFormat.UINT8) raw[i] = (byte) v;
            else {
                raw[2 * i] = (byte) v;
                raw[2 * i + 1] = (byte) (v >>> 8);
            }
        }
        return raw;
    }

    @Test
    void twelveBitFourByFourMosaicGivesTheGeneralPathsWordsExactly() {
        Random r = new Random(7);
        SpectralCube dark = perBand(16, r, 0.02f, 0.02f);
        SpectralCube white = perBand(16, r, 0.7f, 0.25f);
        byte[] raw = randomMosaic(64, 48, 12, r);
        byte[] fused = CalibratedDemosaic.of(4, 12, dark, white).toUint16(raw, 64, 48, "test");
        assertThat(fused).isEqualTo(generalPath(raw, 64, 48, 4, 12, dark, white));
    }

    @Test
    void eightBitFiveByFiveMosaicWithOnlyADarkReferenceGivesTheGeneralPathsWords() {
        Random r = new Random(8);
        SpectralCube dark = perBand(25, r, 0.0f, 0.1f);
        byte[] raw = randomMosaic(50, 35, 8, r);
        byte[] fused = CalibratedDemosaic.of(5, 8, dark, null).toUint16(raw, 50, 35, "test");
        assertThat(fused).isEqualTo(generalPath(raw, 50, 35, 5, 8, dark, null));
    }

    @Test
    void fullCubeReferencesAreLeftToTheGeneralPath() {
        SpectralCube fullDark = new SpectralCube(16, 2, 2, new float[16 * 4]);
        assertThat(CalibratedDemosaic.of(4, 12, fullDark, null)).isNull();
    }

    @Test
    void aSampleAboveTheBitDepthIsRejectedWithItsValue() {
        byte[] raw = new byte[8 * 8 * 2];
        raw[2 * 9] = (byte) 0xFF;
        raw[2 * 9 + 1] = (byte) 0x1F; // 8191 > 4095
        assertThatThrownBy(() -> CalibratedDemosaic.of(4, 12, null, null).toUint16(raw, 8, 8, "cam-1 seq 3"))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("cam-1 seq 3").hasMessageContaining("8191");
    }

    @Test
    void aPayloadOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> CalibratedDemosaic.of(4, 12, null, null).toUint16(new byte[100], 8, 8, "here"))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("needs 128 bytes");
    }
}
