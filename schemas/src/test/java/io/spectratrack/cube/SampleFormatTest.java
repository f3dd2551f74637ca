package io.spectratrack.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SampleFormatTest {

    @Test
    void twelveBitSamplesInSixteenBitWordsScaleToTheUnitRange() {
        byte[] words = {(byte) 0xFF, 0x0F, 0x00, 0x08, 0, 0}; // 4095, 2048, 0 little-endian
        float[] v = SampleFormat.UINT16.decode(words, 3, 12, "test");
        assertThat(v[0]).isEqualTo(1f);
        assertThat(v[1]).isCloseTo(2048f / 4095f, within(1e-7f));
        assertThat(v[2]).isZero();
    }

    @Test
    void eightBitAndFloatDecode() {
        assertThat(SampleFormat.UINT8.decode(new byte[] {(byte) 255, 0}, 2, 8, "t")).containsExactly(1f, 0f);
        byte[] f = SampleFormat.FLOAT32.encode(new float[] {0.25f, -3f}, 32);
        assertThat(SampleFormat.FLOAT32.decode(f, 2, 32, "t")).containsExactly(0.25f, -3f);
    }

    @Test
    void aSampleAboveTheDeclaredBitDepthMeansTheHeaderLies() {
        byte[] words = {0x00, 0x10}; // 4096 in a 12-bit stream
        assertThatThrownBy(() -> SampleFormat.UINT16.decode(words, 1, 12, "camera c sequence 3"))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("camera c sequence 3")
                .hasMessageContaining("4096")
                .hasMessageContaining("12-bit");
    }

    @Test
    void aPayloadOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> SampleFormat.UINT16.decode(new byte[5], 3, 16, "here"))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("need 6 bytes")
                .hasMessageContaining("holds 5");
    }

    @Test
    void encodeQuantisesAndDecodeInverts() {
        float[] in = {0f, 0.5f, 1f};
        float[] out = SampleFormat.UINT16.decode(SampleFormat.UINT16.encode(in, 12), 3, 12, "t");
        for (int i = 0; i < in.length; i++) assertThat(out[i]).isCloseTo(in[i], within(0.5f / 4095 + 1e-6f));
    }
}
