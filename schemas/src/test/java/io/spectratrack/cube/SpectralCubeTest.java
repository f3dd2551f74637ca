package io.spectratrack.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpectralCubeTest {

    @Test
    void aBandCountThatDisagreesWithTheDataLengthIsRejected() {
        assertThatThrownBy(() -> new SpectralCube(16, 4, 4, new float[15 * 16]))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("16 bands")
                .hasMessageContaining("240");
    }

    @Test
    void aNaNSampleIsReportedWithItsBandAndPixel() {
        float[] d = new float[3 * 2 * 4];
        d[(2 * 2 + 1) * 4 + 3] = Float.NaN; // band 2, y 1, x 3
        SpectralCube cube = new SpectralCube(3, 2, 4, d);
        assertThatThrownBy(() -> cube.requireFinite("camera c frame 5"))
                .isInstanceOf(SpectralDataException.class)
                .hasMessageContaining("camera c frame 5")
                .hasMessageContaining("band 2")
                .hasMessageContaining("x=3, y=1");
    }

    @Test
    void statisticsAreThoseOfEachBand() {
        // band 0: 1,2,3,4 ; band 1: 10,10,10,10
        SpectralCube cube = new SpectralCube(2, 2, 2, new float[] {1, 2, 3, 4, 10, 10, 10, 10});
        BandStatistics s = BandStatistics.of(cube);
        assertThat(s.mean()).containsExactly(2.5f, 10f);
        assertThat(s.std()[0]).isCloseTo((float) Math.sqrt(1.25), within(1e-6f));
        assertThat(s.std()[1]).isZero();
        assertThat(s.min()).containsExactly(1f, 10f);
        assertThat(s.max()).containsExactly(4f, 10f);
    }

    @Test
    void theMeanAloneIsTheFullStatisticsMeanToTheLastBit() {
        // Odd sizes and values spanning six decades, where a float sum or another order would differ.
        java.util.Random rnd = new java.util.Random(7);
        float[] d = new float[5 * 37 * 23];
        for (int i = 0; i < d.length; i++) d[i] = (float) (Math.pow(10, rnd.nextInt(6)) * rnd.nextDouble());
        SpectralCube cube = new SpectralCube(5, 37, 23, d);
        assertThat(BandStatistics.mean(cube)).containsExactly(BandStatistics.of(cube).mean());
    }

    @Test
    void darkAndWhiteCorrectionGivesReflectance() {
        SpectralCube raw = new SpectralCube(2, 1, 2, new float[] {0.3f, 0.5f, 0.2f, 0.2f});
        SpectralCube dark = new SpectralCube(2, 1, 1, new float[] {0.1f, 0.2f});
        SpectralCube white = new SpectralCube(2, 1, 2, new float[] {0.5f, 0.9f, 0.2f, 0.6f});
        SpectralCube r = Calibration.apply(raw, dark, white);
        assertThat(r.get(0, 0, 0)).isCloseTo(0.5f, within(1e-6f));  // (0.3-0.1)/(0.5-0.1)
        assertThat(r.get(0, 0, 1)).isCloseTo(0.5f, within(1e-6f));  // (0.5-0.1)/(0.9-0.1)
        assertThat(r.get(1, 0, 0)).isZero();                        // dead pixel: white == dark
        assertThat(r.get(1, 0, 1)).isCloseTo(0f, within(1e-6f));    // (0.2-0.2)/(0.6-0.2)
    }

    @Test
    void aReferenceOfTheWrongShapeIsRejected() {
        SpectralCube raw = SpectralCube.zeros(2, 4, 4);
        assertThatThrownBy(() -> Calibration.apply(raw, SpectralCube.zeros(3, 1, 1), SpectralCube.zeros(2, 1, 1)))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("dark reference has 3 bands");
        assertThatThrownBy(() -> Calibration.apply(raw, SpectralCube.zeros(2, 1, 1), SpectralCube.zeros(2, 2, 2)))
                .isInstanceOf(SpectralDataException.class).hasMessageContaining("white reference is 2x2");
    }
}
