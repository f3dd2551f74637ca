package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpectralSignatureTest {
    static final int BANDS = 16;

    /** A noisy background spectrum everywhere, and {@code target} (a spectrum) painted in {@code box}. */
    static SpectralCube scene(int h, int w, double[] background, double[] target, Box box, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] d = new float[BANDS * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x + 0.5 >= box.x() && x + 0.5 <= box.right() && y + 0.5 >= box.y() && y + 0.5 <= box.bottom();
                double gain = 0.8 + 0.4 * rnd.nextDouble(); // brightness texture: scales the spectrum
                for (int b = 0; b < BANDS; b++) {
                    double v = (in ? target[b] : background[b]) * gain + noise * rnd.nextGaussian();
                    d[(b * h + y) * w + x] = (float) v;
                }
            }
        }
        return new SpectralCube(BANDS, h, w, d);
    }

    static double[] flat(double v) {
        double[] s = new double[BANDS];
        java.util.Arrays.fill(s, v);
        return s;
    }

    /** The background with +30% in band 3 and -30% in band 9: same sum, so a grey rendering cannot see it. */
    static double[] camouflaged() {
        double[] s = flat(0.4);
        s[3] *= 1.3;
        s[9] *= 0.7;
        return s;
    }

    @Test
    void findsACamouflagedTargetThatBrightnessCannotSee() {
        Box box = new Box(30, 30, 12, 10);
        SpectralCube f = scene(80, 90, flat(0.4), camouflaged(), box, 0.004, 1);
        SpectralSignature sig = SpectralSignature.learn(f, box, 40);
        assertThat(sig.separability()).isGreaterThan((float) SpectralSignature.TRUST_FULL);
        assertThat(sig.trust()).isEqualTo(1.0);
        float[] r = sig.response(f, new double[] {box.centreX(), box.centreY(), 70, 20, box.centreX() + 12, box.centreY()},
                box.width(), box.height());
        assertThat(r[0]).isGreaterThan(0.9f);
        assertThat(r[1]).isLessThan(0.1f);
        // A box one box-width to the side holds none of the target.
        assertThat(r[2]).isLessThan(0.1f);
    }

    @Test
    void responseDoesNotChangeWhenTheLightDims() {
        Box box = new Box(20, 25, 10, 10);
        SpectralCube f = scene(60, 60, flat(0.4), camouflaged(), box, 0.004, 2);
        SpectralSignature sig = SpectralSignature.learn(f, box, 30);
        float[] dim = f.data().clone();
        for (int i = 0; i < dim.length; i++) dim[i] *= 0.3f; // a shadow over the whole scene
        SpectralCube shadowed = new SpectralCube(BANDS, 60, 60, dim);
        double[] centres = {box.centreX(), box.centreY(), 45, 45, 27, 30};
        float[] lit = sig.response(f, centres, 10, 10), dark = sig.response(shadowed, centres, 10, 10);
        for (int i = 0; i < lit.length; i++) assertThat(dark[i]).isCloseTo(lit[i], within(1e-4f));
    }

    @Test
    void aTargetOfTheBackgroundsMaterialIsNotTrusted() {
        // Small boxes give the discriminant few pixels in 16 bands to fit noise with: still no trust.
        for (int side : new int[] {6, 8, 10, 14}) {
            for (long seed = 1; seed <= 5; seed++) {
                Box box = new Box(20, 20, side, side);
                SpectralCube f = scene(64, 64, flat(0.4), flat(0.4), box, 0.004, seed);
                SpectralSignature sig = SpectralSignature.learn(f, box, 36);
                assertThat(sig.separability()).as("side %d seed %d", side, seed).isLessThan((float) SpectralSignature.TRUST_FROM);
                assertThat(sig.trust()).isZero();
            }
        }
    }

    @Test
    void boxesOffTheFrameScoreZeroAndATargetAtTheBorderIsLearned() {
        Box box = new Box(0, 0, 8, 8);
        SpectralCube f = scene(40, 40, flat(0.4), camouflaged(), box, 0.004, 4);
        SpectralSignature sig = SpectralSignature.learn(f, box, 24);
        assertThat(sig.trust()).isEqualTo(1.0);
        float[] r = sig.response(f, new double[] {4, 4, -50, -50}, 8, 8);
        assertThat(r[0]).isGreaterThan(0.9f);
        assertThat(r[1]).isZero();
    }

    @Test
    void nothingToLearnFromGivesNone() {
        // The whole frame is the box: no background pixels.
        SpectralCube f = scene(10, 10, flat(0.4), camouflaged(), new Box(0, 0, 10, 10), 0.004, 5);
        assertThat(SpectralSignature.learn(f, new Box(0, 0, 10, 10), 10)).isEqualTo(SpectralSignature.NONE);
        assertThat(SpectralSignature.NONE.response(f, new double[] {5, 5}, 4, 4)).containsExactly(0f);
    }

    @Test
    void choleskySolvesASymmetricPositiveDefiniteSystem() {
        double[][] a = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};
        double[] x = {1.5, -2, 0.25};
        double[] rhs = new double[3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) rhs[i] += a[i][j] * x[j];
        assertThat(FisherDiscriminant.Cholesky.solve(a, rhs)).containsExactly(new double[] {1.5, -2, 0.25}, within(1e-12));
    }

    @Test
    void aMaterialAwayFromTheTargetIsNotTakenForIt() {
        // Around the target: grey. Far away (outside the surroundings it is learned against): a patch
        // with band 3 raised like the target's but band 9 unchanged. Learned against the target's
        // surroundings alone, "band 3 up" would be all that sets the target apart, and the patch would
        // look like it; the rest of the frame is sampled too, so only the target scores high.
        Box box = new Box(20, 20, 10, 10);
        Box far = new Box(100, 50, 14, 14);
        SpectralCube f = scene(80, 130, flat(0.4), camouflaged(), box, 0.004, 6);
        double[] other = flat(0.4);
        other[3] *= 1.6;
        float[] d = f.data();
        for (int y = (int) far.y(); y < far.bottom(); y++) {
            for (int x = (int) far.x(); x < far.right(); x++) {
                double gain = d[y * 130 + x] / 0.4; // keep the pixel's brightness texture
                for (int b = 0; b < BANDS; b++) d[(b * 80 + y) * 130 + x] = (float) (other[b] * gain);
            }
        }
        SpectralSignature sig = SpectralSignature.learn(f, box, 30);
        float[] r = sig.response(f, new double[] {box.centreX(), box.centreY(), far.centreX(), far.centreY()}, 10, 10);
        assertThat(r[0]).isGreaterThan(0.8f);
        assertThat(r[1]).isLessThan(0.2f);
    }
}
