package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;

import static io.spectratrack.tracking.SpectralSignatureTest.camouflaged;
import static io.spectratrack.tracking.SpectralSignatureTest.flat;
import static io.spectratrack.tracking.SpectralSignatureTest.scene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpectralExtentTest {
    static final Box TARGET = new Box(30, 30, 14, 10);

    static SpectralSignature signatureOn(SpectralCube f) {
        SpectralSignature sig = SpectralSignature.learn(f, TARGET, 40);
        assertThat(sig.trust()).isEqualTo(1.0);
        return sig;
    }

    @Test
    void aBoxTooLargeOrTooSmallIsFittedToTheTarget() {
        SpectralCube f = scene(80, 90, flat(0.4), camouflaged(), TARGET, 0.004, 3);
        SpectralSignature sig = signatureOn(f);
        // Too large, too small, and too small with the wrong aspect, each a pixel off centre.
        double[][] starts = {{1.3, 1.3}, {0.75, 0.75}, {0.75, 1.3}};
        for (double[] k : starts) {
            SpectralExtent.Fit fit = SpectralExtent.fit(sig, f, TARGET.centreX() + 1, TARGET.centreY() - 1,
                    TARGET.width() * k[0], TARGET.height() * k[1]);
            assertThat(fit.isClear()).isTrue();
            assertThat(fit.width()).as("width from x%.2f", k[0]).isCloseTo(TARGET.width(), within(0.1 * TARGET.width()));
            assertThat(fit.height()).as("height from x%.2f", k[1]).isCloseTo(TARGET.height(), within(0.1 * TARGET.height()));
        }
    }

    @Test
    void theExtentIsTheSameUnderAShadow() {
        SpectralCube f = scene(80, 90, flat(0.4), camouflaged(), TARGET, 0.004, 4);
        SpectralSignature sig = signatureOn(f);
        float[] dim = f.data().clone();
        for (int i = 0; i < dim.length; i++) dim[i] *= 0.25f;
        SpectralCube shadowed = new SpectralCube(f.bands(), f.height(), f.width(), dim);
        SpectralExtent.Fit lit = SpectralExtent.fit(sig, f, TARGET.centreX(), TARGET.centreY(), 18, 12);
        SpectralExtent.Fit dark = SpectralExtent.fit(sig, shadowed, TARGET.centreX(), TARGET.centreY(), 18, 12);
        assertThat(dark.width()).isEqualTo(lit.width());
        assertThat(dark.height()).isEqualTo(lit.height());
    }

    @Test
    void noExtentWhereTheTargetIsNot() {
        SpectralCube f = scene(80, 90, flat(0.4), camouflaged(), TARGET, 0.004, 5);
        SpectralSignature sig = signatureOn(f);
        // Background only (the tracker followed something else): nothing stands out.
        assertThat(SpectralExtent.fit(sig, f, 70, 65, 14, 10).isClear()).isFalse();
        // A box wholly off the frame has no candidate at all.
        SpectralExtent.Fit off = SpectralExtent.fit(sig, f, -100, -100, 14, 10);
        assertThat(off.isClear()).isFalse();
        assertThat(off.contrast()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void theBoxScaleIsOneForATargetThatFillsItsBoxAndLargerForARoundOne() {
        Box square = new Box(20, 20, 16, 16);
        SpectralCube filled = SiameseTrackerTest.camouflagedTarget(20, 20, 16, false);
        SpectralCube round = SiameseTrackerTest.camouflagedTarget(20, 20, 16, true);
        SpectralSignature a = SpectralSignature.learn(filled, square, 48);
        SpectralSignature b = SpectralSignature.learn(round, square, 48);
        assertThat(a.boxScaleX()).isCloseTo(1f, within(0.06f));
        assertThat(a.boxScaleY()).isCloseTo(1f, within(0.06f));
        // A disc fills pi/4 of its bounding box: the box that best separates it is smaller.
        assertThat(b.boxScaleX()).isGreaterThan(1.08f).isLessThanOrEqualTo((float) SpectralExtent.BOX_SCALE_MAX);
        assertThat(b.boxScaleY()).isGreaterThan(1.08f);
        assertThat(b.boxScaleX()).isGreaterThan(a.boxScaleX() + 0.04f);
    }

    @Test
    void noBoxScaleWithoutATrustedSignature() {
        // The target of the background's own material: nothing to measure the extent with.
        SpectralCube f = scene(80, 90, flat(0.4), flat(0.4), TARGET, 0.004, 6);
        SpectralSignature sig = SpectralSignature.learn(f, TARGET, 40);
        assertThat(sig.trust()).isZero();
        assertThat(sig.boxScaleX()).isEqualTo(1f);
        assertThat(sig.boxScaleY()).isEqualTo(1f);
    }
}
