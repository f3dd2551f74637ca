package io.spectratrack.model.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.model.TestModels;
import io.spectratrack.model.cli.ModelCli;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.graph.BcrNetGraph;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.TemplateEmbedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.core.Placeholder;

class ExportTest {

    @Test
    void weightsFileRoundTripsAndExportWithWeightsMatchesTheSameInitialisation(@TempDir Path tmp) throws Exception {
        BcrNetConfig cfg = BcrNetConfig.lite(16);
        Map<String, float[]> init;
        try (Graph g = new Graph()) {
            BcrNetGraph net = new BcrNetGraph(g, cfg);
            net.template(net.cropPlaceholder("z", cfg.templateSize()));
            net.track(net.tf().placeholder(org.tensorflow.types.TFloat32.class),
                    net.tf().placeholder(org.tensorflow.types.TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 16))),
                    net.cropPlaceholder("x", cfg.searchSize()));
            init = net.params().initialValues(42);
        }
        Path wf = tmp.resolve("w.bin");
        WeightsFile.write(wf, new WeightsFile.Weights("lite", 16, 5, init));
        WeightsFile.Weights back = WeightsFile.read(wf);
        assertThat(back.values().keySet()).containsExactlyElementsOf(init.keySet());
        init.forEach((k, v) -> assertThat(back.values().get(k)).containsExactly(v));

        assertThat(ModelCli.run("export", "--variant", "lite", "--bands", "16", "--weights", wf.toString(),
                "--min-context", "28", "--out", tmp.resolve("m").toString())).isZero();
        try (BcrNetModel a = BcrNetModel.load(tmp.resolve("m"), DeviceConfig.cpu());
             BcrNetModel b = BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu())) {
            // The context floor travels with the export; an export without one has the plain SiamFC context.
            assertThat(a.metadata().minContextSide()).isEqualTo(28);
            assertThat(b.metadata().minContextSide()).isZero();
            float[] crop = TestModels.randomCrop(63, 16, 3);
            TemplateEmbedding ta = a.template(List.of(crop)).get(0);
            TemplateEmbedding tb = b.template(List.of(crop)).get(0);
            assertThat(ta.features()).containsExactly(tb.features());
        }
        assertThat(ModelCli.run("export", "--variant", "lite", "--bands", "25", "--weights", wf.toString(),
                "--out", tmp.resolve("m25").toString())).as("weights of another band count").isNotZero();
        assertThat(Files.exists(tmp.resolve("m25").resolve("saved_model.pb"))).isFalse();
    }
}
