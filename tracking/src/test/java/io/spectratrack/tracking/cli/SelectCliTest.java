package io.spectratrack.tracking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.model.cli.ModelCli;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The checkpoint workflow end to end with real TensorFlow sessions: {@code train --keep-weights}
 * keeps every checkpoint's weights (and resumes where it stopped), {@code select} exports and
 * tracks with each on a validation folder and names the best, and {@code eval} on the exported
 * winner reproduces the score that chose it.
 */
class SelectCliTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void keptCheckpointsAreRankedByHowTheyTrackOnValidation(@TempDir Path tmp) throws Exception {
        Path train = tmp.resolve("train");
        Path val = tmp.resolve("val");
        SyntheticVideo.write(train, new SceneSpec(96, 80, 16, 12, 0.3, null), 3, 11, 12, 1, line -> { });
        SyntheticVideo.write(val, new SceneSpec(96, 80, 16, 10, 0.3, null), 2, 12, 12, 1, line -> { });
        Path run = tmp.resolve("run");

        assertThat(train(train, run, 4, false)).isZero();
        assertThat(run.resolve("weights-2.bin")).exists();
        assertThat(run.resolve("weights-4.bin")).hasSameBinaryContentAs(run.resolve("weights.bin"));
        assertThat(Files.readAllBytes(run.resolve("weights-2.bin"))).as("training moved the weights")
                .isNotEqualTo(Files.readAllBytes(run.resolve("weights-4.bin")));
        assertThat(train(train, run, 6, true)).isZero();
        assertThat(run.resolve("weights-6.bin")).hasSameBinaryContentAs(run.resolve("weights.bin"));

        Path out = tmp.resolve("select");
        int rc = new CommandLine(new SelectCli()).execute("--run", run.toString(), "--data", val.toString(),
                "--out", out.toString(), "--min-context", "24");
        assertThat(rc).isZero();
        JsonNode sel = new ObjectMapper().readTree(out.resolve("selection.json").toFile());
        List<Integer> steps = new ArrayList<>();
        double bestAuc = -1;
        for (JsonNode c : sel.get("checkpoints")) {
            steps.add(c.get("step").asInt());
            bestAuc = Math.max(bestAuc, c.get("auc_otb").asDouble());
            assertThat(c.get("auc_otb").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(steps).containsExactly(2, 4, 6);
        JsonNode best = sel.get("best");
        assertThat(best.get("auc_otb").asDouble()).isEqualTo(bestAuc);

        // The exported winner carries the run's context floor, and `eval` on it gives the score it won with.
        Path winner = Path.of(best.get("model").asText());
        try (BcrNetModel m = BcrNetModel.load(winner, DeviceConfig.cpu())) {
            assertThat(m.metadata().minContextSide()).isEqualTo(24);
        }
        Path eval = tmp.resolve("eval");
        assertThat(new CommandLine(new EvalCli()).execute("--data", val.toString(), "--model", winner.toString(),
                "--out", eval.toString(), "--trackers", "bcrnet")).isZero();
        JsonNode overall = new ObjectMapper().readTree(eval.resolve("summary.json").toFile())
                .get("trackers").get("bcrnet").get("overall");
        assertThat(overall.get("auc_otb").asDouble()).isCloseTo(best.get("auc_otb").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(overall.get("precision_20px").asDouble()).isCloseTo(best.get("precision_20px").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void aRunWithoutKeptWeightsIsExplained(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run").resolve("weights.bin"), "not kept per checkpoint");
        CommandLine cl = new CommandLine(new SelectCli());
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.PrintWriter pw = new java.io.PrintWriter(err);
        cl.setErr(pw);
        int rc = cl.execute("--run", tmp.resolve("run").toString(), "--data", tmp.toString(), "--out", tmp.resolve("o").toString());
        pw.flush();
        assertThat(rc).isNotZero();
        assertThat(err.toString()).contains("--keep-weights");
    }

    private static int train(Path data, Path run, int steps, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--variant", "lite", "--bands", "16",
                "--out", run.toString(), "--steps", Integer.toString(steps), "--batch", "2", "--checkpoint-every", "2",
                "--log-every", "1", "--val-sequences", "0", "--min-context", "24", "--cache-frames", "60",
                "--frame-stride", "1", "--keep-weights"));
        if (resume) args.add("--resume");
        return ModelCli.run(args.toArray(String[]::new));
    }
}
