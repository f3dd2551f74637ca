package io.spectratrack.model.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model exported in this JVM gives bit-identical outputs when loaded in a fresh JVM. */
class FreshJvmTest {

    /** Runs in the child JVM: loads the model, writes template and track outputs as text. */
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[1]), outputs(Path.of(args[0])));
    }

    static String outputs(Path model) {
        try (BcrNetModel m = BcrNetModel.load(model, DeviceConfig.cpu())) {
            ModelMetadata md = m.metadata();
            TemplateEmbedding t = m.template(List.of(TestModels.randomCrop(md.templateSize(), md.bands(), 11))).get(0);
            TrackOutput o = m.track(List.of(t), List.of(TestModels.randomCrop(md.searchSize(), md.bands(), 12))).get(0);
            StringBuilder sb = new StringBuilder();
            append(sb, t.features());
            append(sb, t.bandImportance());
            for (float[] c : o.cls()) {
                append(sb, c);
            }
            for (float[] r : o.reg()) {
                append(sb, r);
            }
            append(sb, o.branchWeights());
            return sb.toString();
        }
    }

    private static void append(StringBuilder sb, float[] v) {
        for (float f : v) {
            sb.append(Integer.toHexString(Float.floatToIntBits(f))).append(' ');
        }
        sb.append('\n');
    }

    @Test
    void exportedModelGivesIdenticalOutputsInAFreshJvm(@TempDir Path tmp) throws Exception {
        Path model = TestModels.lite(16);
        String here = outputs(model);
        Path out = tmp.resolve("child.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FreshJvmTest.class.getName(), model.toString(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        int rc = p.waitFor();
        assertThat(rc).as("child JVM exit code; log: %s", Files.exists(tmp.resolve("child.log")) ? Files.readString(tmp.resolve("child.log")) : "").isZero();
        assertThat(Files.readString(out)).isEqualTo(here);
    }
}
