package io.spectratrack.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.SpectralDataException;
import io.spectratrack.cube.X2Cube;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRecordsTest {

    @Test
    void aCubeSurvivesTheFrameRecordAndTheWire() {
        float[] d = new float[16 * 3 * 5];
        for (int i = 0; i < d.length; i++) d[i] = i / 7f;
        SpectralCube cube = new SpectralCube(16, 3, 5, d);
        HyperspectralFrame f = FrameCubes.toFrame("cam-2", 11, 5000, cube, List.of(), true);
        byte[] wire = AvroCodec.of(HyperspectralFrame.class).encode(f);
        SpectralCube back = FrameCubes.toCube(AvroCodec.of(HyperspectralFrame.class).decode(wire));
        assertThat(back.bands()).isEqualTo(16);
        assertThat(back.data()).containsExactly(d);
    }

    @Test
    void aFrameWhoseBandCountDisagreesWithItsDataSaysBoth() {
        HyperspectralFrame f = FrameCubes.toFrame("cam-2", 11, 5000, SpectralCube.zeros(15, 4, 4), List.of(), false);
        f.setBands(16);
        assertThatThrownBy(() -> FrameCubes.toCube(f))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("camera cam-2 frame 11")
                .hasMessageContaining("16 bands")
                .hasMessageContaining("that is 15 bands");
    }

    @Test
    void aFrameHoldingNaNIsRejectedWithTheLocation() {
        float[] d = new float[2 * 2 * 2];
        d[5] = Float.NaN;
        HyperspectralFrame f = FrameCubes.toFrame("cam-3", 4, 0, new SpectralCube(2, 2, 2, d), List.of(), false);
        assertThatThrownBy(() -> FrameCubes.toCube(f))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("camera cam-3 frame 4")
                .hasMessageContaining("band 1");
    }

    /** The forwarding path (no cube built) accepts and rejects exactly what the cube path does. */
    @Test
    void float32SamplesAreValidatedInTheirWireBytesLikeTheCube() {
        float[] d = new float[3 * 2 * 4];
        for (int i = 0; i < d.length; i++) d[i] = i * 0.25f - 1;
        HyperspectralFrame good = FrameCubes.toFrame("cam-5", 2, 0, new SpectralCube(3, 2, 4, d), List.of(), false);
        FrameCubes.Samples samples = FrameCubes.validatedSamples(good);
        assertThat(samples.format()).isEqualTo(SampleFormat.FLOAT32);
        assertThat(SampleFormat.FLOAT32.decode(samples.bytes(), d.length, 32, "t")).containsExactly(d);

        float[] bad = d.clone();
        bad[2 * 8 + 1 * 4 + 3] = Float.POSITIVE_INFINITY; // band 2, pixel (x=3, y=1)
        HyperspectralFrame inf = FrameCubes.toFrame("cam-5", 3, 0, new SpectralCube(3, 2, 4, bad), List.of(), false);
        String expected = "camera cam-5 frame 3: sample is Infinity at band 2, pixel (x=3, y=1)";
        assertThatThrownBy(() -> FrameCubes.validatedSamples(inf)).isInstanceOf(SpectralDataException.class).hasMessage(expected);
        assertThatThrownBy(() -> FrameCubes.toCube(inf)).hasMessage(expected);

        HyperspectralFrame shortFrame = FrameCubes.toFrame("cam-5", 4, 0, SpectralCube.zeros(15, 4, 4), List.of(), false);
        shortFrame.setBands(16);
        assertThatThrownBy(() -> FrameCubes.validatedSamples(shortFrame)).hasMessageContaining("that is 15 bands");
    }

    /** 16-bit frames are forwarded in their words: only the header and the length are checked. */
    @Test
    void uint16SamplesAreForwardedInTheirWordsAfterTheLengthCheck() {
        HyperspectralFrame uint16 = FrameCubes.toFrame("cam-5", 5, 0, SpectralCube.zeros(2, 1, 1), List.of(), false);
        uint16.setSampleType(SampleType.UINT16);
        uint16.setSamples(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, (byte) 0x80}));
        FrameCubes.Samples s = FrameCubes.validatedSamples(uint16);
        assertThat(s.format()).isEqualTo(SampleFormat.UINT16);
        assertThat(SampleFormat.UINT16.decode(s.bytes(), 2, 16, "t")).containsExactly(1f, 32768f / 65535f);

        uint16.setSamples(ByteBuffer.wrap(new byte[3]));
        assertThatThrownBy(() -> FrameCubes.validatedSamples(uint16)).hasMessageContaining("4 bytes").hasMessageContaining("carries 3");
    }

    @Test
    void wavelengthsMustMatchTheBands() {
        HyperspectralFrame f = FrameCubes.toFrame("c", 1, 0, SpectralCube.zeros(2, 1, 1), List.of(500f), false);
        assertThatThrownBy(() -> FrameCubes.toCube(f)).hasMessageContaining("1 wavelengths for 2 bands");
    }

    @Test
    void aRawMosaicRecordDecodesToTheSensorImage() {
        float[] s = new float[8 * 8];
        for (int i = 0; i < s.length; i++) s[i] = (i % 17) / 16f;
        RawMosaicFrame raw = RawMosaics.toRecord("cam-1", 3, 1000, new Mosaic(8, 8, s), 4, 12);
        assertThat(raw.getSampleType()).isEqualTo(SampleType.UINT16);
        Mosaic m = RawMosaics.toMosaic(AvroCodec.of(RawMosaicFrame.class).decode(AvroCodec.of(RawMosaicFrame.class).encode(raw)));
        SpectralCube cube = X2Cube.toCube(m, 4);
        assertThat(cube.bands()).isEqualTo(16);
        assertThat(m.get(3, 5)).isCloseTo(s[3 * 8 + 5], org.assertj.core.api.Assertions.within(1f / 4095));
    }

    @Test
    void aRawMosaicThatIsNotWholeTilesIsRejected() {
        RawMosaicFrame raw = RawMosaics.toRecord("cam-1", 3, 1000, new Mosaic(8, 8, new float[64]), 4, 12);
        raw.setWidth(6);
        raw.setSamples(ByteBuffer.wrap(new byte[6 * 8 * 2]));
        assertThatThrownBy(() -> RawMosaics.toMosaic(raw))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("camera cam-1 sequence 3")
                .hasMessageContaining("6x8");
    }

    @Test
    void aBitDepthThatDisagreesWithThePackingIsRejected() {
        RawMosaicFrame raw = RawMosaics.toRecord("cam-1", 3, 1000, new Mosaic(4, 4, new float[16]), 4, 8);
        raw.setBitDepth(12); // 12-bit data cannot travel in UINT8
        assertThatThrownBy(() -> RawMosaics.toMosaic(raw))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("bit depth 12");
    }

    @Test
    void aRawMosaicWithTooFewBytesIsRejected() {
        RawMosaicFrame raw = RawMosaics.toRecord("cam-1", 3, 1000, new Mosaic(4, 4, new float[16]), 4, 16);
        raw.setSamples(ByteBuffer.wrap(new byte[10]));
        assertThatThrownBy(() -> RawMosaics.toMosaic(raw))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("need 32 bytes");
        assertThat(SampleFormat.forBitDepth(10)).isEqualTo(SampleFormat.UINT16);
    }
}
