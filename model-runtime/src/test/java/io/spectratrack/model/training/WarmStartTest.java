package io.spectratrack.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.export.WeightsFile;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;

class WarmStartTest {

    private static Map<String, float[]> initialValues(BcrNetConfig cfg, long seed) {
        // The training graph creates every weight the trainer assigns.
        try (Graph g = new Graph()) {
            return new TrainingGraph(g, cfg, 1f, 0.25f, 0.5f).net.params().initialValues(seed);
        }
    }

    @Test
    void a16BandModelStartsA25BandRunEverywhereButTheBandSizedWeights() {
        Map<String, float[]> from16 = initialValues(BcrNetConfig.lite(16), 1);
        Map<String, float[]> fresh25 = initialValues(BcrNetConfig.lite(25), 2);
        WarmStart w = WarmStart.of(fresh25, new WeightsFile.Weights("lite", 16, 5, from16), "lite");

        assertThat(w.values().keySet()).containsExactlyElementsOf(fresh25.keySet());
        assertThat(w.copied()).isNotEmpty().allSatisfy(n -> assertThat(w.values().get(n)).containsExactly(from16.get(n)));
        assertThat(w.fresh()).allSatisfy(n -> {
            assertThat(w.values().get(n)).containsExactly(fresh25.get(n));
            assertThat(from16.get(n) == null || from16.get(n).length != fresh25.get(n).length).as(n).isTrue();
        });
        // The backbone, CFRM and heads (shared by every 3-band branch) all transfer; at most the
        // band module keeps fresh weights.
        assertThat(w.fresh()).allSatisfy(n -> assertThat(n).startsWith("bimm"));
        assertThat(w.copiedValues()).isGreaterThan(fresh25.values().stream().mapToLong(v -> v.length).sum() * 9 / 10);
    }

    @Test
    void anExportedModelGivesBackExactlyTheWeightsItWasExportedWith(@TempDir Path tmp) throws Exception {
        // What train --init-from reads from a model folder: the SavedModel's variables, by name.
        BcrNetConfig cfg = BcrNetConfig.lite(16);
        Map<String, float[]> exported = initialValues(cfg, 7);
        BcrNetExporter.export(cfg, exported, 7, "round-trip", tmp.resolve("m"));
        try (BcrNetModel m = BcrNetModel.load(tmp.resolve("m"), DeviceConfig.cpu(), "lite")) {
            Map<String, float[]> read = m.weights();
            assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(exported.keySet());
            assertThat(read).allSatisfy((name, v) -> assertThat(v).as(name).containsExactly(exported.get(name)));
        }
    }

    @Test
    void weightsOfAnotherVariantOrGraphAreRefused() {
        Map<String, float[]> lite = initialValues(BcrNetConfig.lite(16), 1);
        assertThatThrownBy(() -> WarmStart.of(lite, new WeightsFile.Weights("paper", 16, 5, lite), "lite"))
                .hasMessageContaining("'paper' variant cannot start a 'lite' run");
        assertThatThrownBy(() -> WarmStart.of(lite, new WeightsFile.Weights("lite", 16, 5, Map.of("other", new float[3])), "lite"))
                .hasMessageContaining("none of the 1 weights matches");
    }
}
