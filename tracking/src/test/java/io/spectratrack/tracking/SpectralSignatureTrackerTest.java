package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;

import static io.spectratrack.tracking.SpectralSignatureTest.camouflaged;
import static io.spectratrack.tracking.SpectralSignatureTest.flat;
import static io.spectratrack.tracking.SpectralSignatureTest.scene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpectralSignatureTrackerTest {

    @Test
    void followsACamouflagedTargetAcrossTheFrame() {
        SpectralSignatureTracker tr = new SpectralSignatureTracker();
        Box start = new Box(10, 30, 10, 10);
        tr.init(scene(70, 120, flat(0.4), camouflaged(), start, 0.004, 1), start);
        Box last = start;
        for (int f = 1; f <= 20; f++) {
            Box truth = new Box(10 + 4 * f, 30 + (f % 3), 10, 10);
            SpectralCube frame = scene(70, 120, flat(0.4), camouflaged(), truth, 0.004, 100 + f);
            last = tr.track(frame);
            // Any box whose inner part lies on the target scores alike (a plateau of +-2 px here), and the
            // grid is 2.5 px: within 3.5 px.
            assertThat(last.centreDistance(truth)).as("frame %d", f).isLessThan(3.5);
        }
        assertThat(last.width()).isEqualTo(10);
        assertThat(tr.lastScore()).isGreaterThan(0.8);
    }

    @Test
    void withoutSpectralContrastItStaysPut() {
        SpectralSignatureTracker tr = new SpectralSignatureTracker();
        Box start = new Box(30, 30, 10, 10);
        tr.init(scene(70, 90, flat(0.4), flat(0.4), start, 0.004, 2), start);
        Box b = tr.track(scene(70, 90, flat(0.4), flat(0.4), new Box(40, 30, 10, 10), 0.004, 3));
        assertThat(b.centreX()).isCloseTo(35, within(1e-9));
        assertThat(tr.lastScore()).isZero();
    }
}
