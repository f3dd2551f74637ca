package io.spectratrack.datasets.eval;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-frame log {@code frames/<tracker>/<sequence>.csv}: one row per frame, what the metrics and the tracker saw. */
class FrameLogTest {

    /** The moving square, half hidden on frames 5-8 (the visibility a synthetic data set records). */
    record HalfHidden(MetricsTest.MovingSquare square) implements io.spectratrack.datasets.VideoSequence {
        public String name() { return "square"; }
        public int frameCount() { return square.frameCount(); }
        public java.util.Set<String> attributes() { return square.attributes(); }
        public List<Box> groundTruth() { return square.groundTruth(); }
        public SpectralCube frame(int i) { return square.frame(i); }
        public double[] visibility() {
            double[] v = new double[frameCount()];
            Arrays.fill(v, 1);
            Arrays.fill(v, 4, 8, 0.5);
            return v;
        }
    }

    /** Reports the true box moved right by half its width (IoU 1/3), and says which frame it is on. */
    static final class HalfAside implements Tracker {
        private final List<Box> truth;
        private int frame;

        HalfAside(List<Box> truth) { this.truth = truth; }

        public void init(SpectralCube f, Box box) { frame = 0; }

        public Box track(SpectralCube f) {
            Box t = truth.get(++frame);
            return new Box(t.x() + t.width() / 2, t.y(), t.width(), t.height());
        }

        public double lastScore() { return 0.25; }

        public Map<String, String> lastDetails() { return Map.of("status", frame % 2 == 0 ? "EVEN" : "ODD"); }
    }

    @Test
    void everyFrameHasItsBoxTruthMetricsVisibilityAndTheTrackersOwnColumns(@TempDir Path tmp) throws Exception {
        HalfHidden seq = new HalfHidden(new MetricsTest.MovingSquare(10));
        List<TrackerSummary> res = EvaluationHarness.run(List.of(seq),
                List.of(TrackerFactory.of("aside", () -> new HalfAside(seq.groundTruth()))), line -> { });
        EvaluationReport.write(tmp, res, Map.of());

        List<String> lines = Files.readAllLines(tmp.resolve("frames/aside/square.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).containsExactly("frame", "x", "y", "w", "h", "truth_x", "truth_y", "truth_w", "truth_h",
                "iou", "centre_error", "score", "visibility", "status");
        assertThat(lines).hasSize(1 + 10);
        for (int i = 0; i < 10; i++) {
            String[] row = lines.get(1 + i).split(",", -1);
            assertThat(row[0]).isEqualTo(Integer.toString(i + 1));
            // The first frame is the annotation itself; after it, every box is half a width (6 px) aside.
            assertThat(Double.parseDouble(row[9])).isCloseTo(i == 0 ? 1 : 1.0 / 3, within(1e-4));
            assertThat(Double.parseDouble(row[10])).isCloseTo(i == 0 ? 0 : 6, within(1e-2));
            assertThat(Double.parseDouble(row[5])).isCloseTo(10 + 3 * i, within(1e-2));
            assertThat(Double.parseDouble(row[11])).isEqualTo(i == 0 ? 1 : 0.25);
            assertThat(Double.parseDouble(row[12])).isEqualTo(i >= 4 && i < 8 ? 0.5 : 1);
            assertThat(row[13]).isEqualTo(i == 0 ? "" : i % 2 == 0 ? "EVEN" : "ODD");
        }
    }
}
