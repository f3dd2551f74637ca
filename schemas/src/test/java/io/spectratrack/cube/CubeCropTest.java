package io.spectratrack.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CubeCropTest {

    private static SpectralCube ramp(int bands, int h, int w) {
        float[] d = new float[bands * h * w];
        for (int b = 0; b < bands; b++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) d[(b * h + y) * w + x] = 1000 * b + 10 * y + x;
        return new SpectralCube(bands, h, w, d);
    }

    @Test
    void aCropOfTheFrameAtNativeScaleCopiesPixelsIntoHwcOrder() {
        SpectralCube cube = ramp(3, 6, 8);
        // centre of pixel grid: side 4 around (4, 3) covers x 2..5, y 1..4
        float[] c = CubeCrop.crop(cube, 4, 3, 4, 4, new float[] {-1, -1, -1});
        // output (v=0, u=0) = source (x=2, y=1); band 2 -> 2000 + 10 + 2
        assertThat(c[(0 * 4 + 0) * 3 + 2]).isEqualTo(2012f);
        // output (v=3, u=1) = source (x=3, y=4); band 1
        assertThat(c[(3 * 4 + 1) * 3 + 1]).isEqualTo(1043f);
    }

    @Test
    void outsideTheFrameIsFilledWithThePadding() {
        SpectralCube cube = ramp(2, 4, 4);
        float[] c = CubeCrop.crop(cube, 0, 0, 4, 4, new float[] {-5, -7});
        // top-left output pixel samples (-2,-2): entirely outside
        assertThat(c[0]).isEqualTo(-5f);
        assertThat(c[1]).isEqualTo(-7f);
        // bottom-right output pixel samples (1,1): inside
        assertThat(c[(3 * 4 + 3) * 2]).isEqualTo(11f);
    }

    @Test
    void downscalingAveragesNeighbours() {
        SpectralCube cube = ramp(1, 4, 4);
        float[] c = CubeCrop.crop(cube, 2, 2, 4, 2, new float[] {0});
        // output u=0 samples source x = 0 + 0.5*2 - 0.5 = 0.5, y likewise: mean of (0,0),(1,0),(0,1),(1,1)
        assertThat(c[0]).isCloseTo((0 + 1 + 10 + 11) / 4f, within(1e-5f));
    }

    @Test
    void defaultPaddingIsTheFrameMean() {
        SpectralCube cube = new SpectralCube(1, 2, 2, new float[] {1, 2, 3, 6});
        float[] c = CubeCrop.crop(cube, -50, -50, 4, 2);
        assertThat(c[0]).isEqualTo(3f);
    }

    @Test
    void aDegenerateWindowIsRejected() {
        SpectralCube cube = ramp(1, 4, 4);
        assertThatThrownBy(() -> CubeCrop.crop(cube, 2, 2, 0, 4)).isInstanceOf(SpectralDataException.class);
        assertThatThrownBy(() -> CubeCrop.crop(cube, Double.NaN, 2, 3, 4)).isInstanceOf(SpectralDataException.class);
        assertThatThrownBy(() -> CubeCrop.crop(cube, 2, 2, 3, 4, new float[2]))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("padding has 2 values");
    }
}
