package io.spectratrack.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class X2CubeTest {

    /** A mosaic whose sample at (row, col) is 100*row + col, so every value names its position. */
    private static Mosaic positional(int rows, int cols) {
        float[] s = new float[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) s[r * cols + c] = 100 * r + c;
        return new Mosaic(rows, cols, s);
    }

    @Test
    void fourByFourPatternPicksTheHandComputedSamples() {
        // 8x12 mosaic, pattern 4 -> 16 bands of 2x3 pixels.
        SpectralCube cube = X2Cube.toCube(positional(8, 12), 4);
        assertThat(cube.bands()).isEqualTo(16);
        assertThat(cube.height()).isEqualTo(2);
        assertThat(cube.width()).isEqualTo(3);
        // band 0, pixel (0,0) = img[0][0]
        assertThat(cube.get(0, 0, 0)).isEqualTo(0f);
        // band 5 (tile row 1, col 1), pixel (i=1, j=2) = img[4*1+1][4*2+1] = img[5][9]
        assertThat(cube.get(5, 1, 2)).isEqualTo(509f);
        // band 14 (tile row 3, col 2), pixel (i=0, j=1) = img[3][6]
        assertThat(cube.get(14, 0, 1)).isEqualTo(306f);
        // band 15 (tile row 3, col 3), pixel (i=1, j=0) = img[7][3]
        assertThat(cube.get(15, 1, 0)).isEqualTo(703f);
    }

    @Test
    void fiveByFivePatternPicksTheHandComputedSamples() {
        SpectralCube cube = X2Cube.toCube(positional(10, 15), 5);
        assertThat(cube.bands()).isEqualTo(25);
        assertThat(cube.height()).isEqualTo(2);
        assertThat(cube.width()).isEqualTo(3);
        // band 7 = tile row 1, col 2; pixel (i=1, j=2) = img[6][12]
        assertThat(cube.get(7, 1, 2)).isEqualTo(612f);
        // band 24 = tile row 4, col 4; pixel (0,0) = img[4][4]
        assertThat(cube.get(24, 0, 0)).isEqualTo(404f);
        // band 20 = tile row 4, col 0; pixel (i=1, j=1) = img[9][5]
        assertThat(cube.get(20, 1, 1)).isEqualTo(905f);
    }

    @Property(tries = 60)
    void mosaicToCubeToMosaicIsTheIdentity(@ForAll @IntRange(min = 2, max = 5) int pattern,
                                           @ForAll @IntRange(min = 1, max = 9) int tilesHigh,
                                           @ForAll @IntRange(min = 1, max = 9) int tilesWide) {
        Mosaic m = positional(pattern * tilesHigh, pattern * tilesWide);
        Mosaic back = X2Cube.toMosaic(X2Cube.toCube(m, pattern));
        assertThat(back.height()).isEqualTo(m.height());
        assertThat(back.width()).isEqualTo(m.width());
        assertThat(back.samples()).containsExactly(m.samples());
    }

    @Test
    void aMosaicThatIsNotWholeTilesIsRejectedWithItsSize() {
        assertThatThrownBy(() -> X2Cube.toCube(positional(8, 10), 4))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("10x8")
                .hasMessageContaining("4x4 tiles");
    }

    @Test
    void aCubeWithANonSquareBandCountHasNoMosaic() {
        assertThatThrownBy(() -> X2Cube.toMosaic(SpectralCube.zeros(15, 2, 2)))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("15 bands");
    }

    @Test
    void anAbsurdPatternIsRejected() {
        assertThatThrownBy(() -> X2Cube.toCube(positional(4, 4), 1))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("pattern");
    }
}
