package io.spectratrack.tracking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.tracking.BcrNetSiameseModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code eval} without {@code --model}: each sequence is tracked with the model shipped for its band count. */
class EvalCliTest {
    @TempDir Path tmp;

    @Test
    void withoutModelEachBandCountIsTrackedByItsShippedModel() throws Exception {
        // A data set of VIS and NIR sequences side by side, as HOT2023 ships them.
        SyntheticVideo.write(tmp.resolve("data/vis"), SceneSpec.of(16, 4).withSize(64, 48), 1, 31, 12, 1, l -> { });
        SyntheticVideo.write(tmp.resolve("data/nir"), SceneSpec.of(25, 4).withSize(64, 48), 1, 32, 12, 1, l -> { });
        StringWriter err = new StringWriter();
        int code = new CommandLine(new EvalCli()).setErr(new PrintWriter(err)).execute("--data", tmp.resolve("data").toString(),
                "--out", tmp.resolve("out").toString(), "--trackers", "bcrnet,baseline");
        assertThat(code).as(err.toString()).isZero();

        JsonNode summary = new ObjectMapper().readTree(Files.readString(tmp.resolve("out/summary.json")));
        JsonNode ids = summary.path("run").path("model_ids");
        assertThat(ids.path("16").asText()).isEqualTo(modelId(ShippedModel.liteForBands(16)));
        assertThat(ids.path("25").asText()).isEqualTo(modelId(ShippedModel.liteForBands(25)));
        JsonNode sequences = summary.path("trackers").path("bcrnet").path("per_sequence");
        assertThat(sequences.size()).isEqualTo(2);
        sequences.forEach(s -> {
            assertThat(s.path("error").isNull()).as(s.toString()).isTrue();
            assertThat(s.path("frames").asInt()).isEqualTo(4);
        });
        // The per-frame log of each sequence: the tracker's own columns after the first (annotated) frame.
        try (var logs = Files.list(tmp.resolve("out/frames/bcrnet"))) {
            List<Path> files = logs.sorted().toList();
            assertThat(files).hasSize(2);
            for (Path f : files) {
                List<String> lines = Files.readAllLines(f);
                List<String> header = List.of(lines.get(0).split(","));
                assertThat(header).contains("status", "found_by", "network_score", "signature_score");
                assertThat(lines).hasSize(1 + 4);
                for (String line : lines.subList(2, lines.size())) {
                    String[] row = line.split(",", -1);
                    assertThat(row[header.indexOf("status")]).isIn("TRACKING", "UNCERTAIN", "LOST");
                    assertThat(row[header.indexOf("found_by")]).isIn("FOLLOWED", "REDETECTED", "RECALLED");
                    assertThat(Double.parseDouble(row[header.indexOf("network_score")])).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void unknownAndRepeatedTrackersAreRefusedBeforeAnyWork() {
        // No data folder at all: the tracker list is checked first.
        for (String[] c : new String[][] {{"bcrnet,bcrnet", "tracker 'bcrnet' is listed twice"},
                                           {"bcrnet,ncc", "unknown tracker 'ncc'"}}) {
            StringWriter err = new StringWriter();
            int code = new CommandLine(new EvalCli()).setErr(new PrintWriter(err)).execute("--data", tmp.resolve("none").toString(),
                    "--out", tmp.resolve("out").toString(), "--trackers", c[0]);
            assertThat(code).isNotZero();
            assertThat(err.toString()).contains(c[1]);
            assertThat(tmp.resolve("out")).doesNotExist();
        }
    }

    private static String modelId(Path dir) {
        try (BcrNetSiameseModel m = BcrNetSiameseModel.load(dir, DeviceConfig.cpu())) {
            return m.metadata().modelId();
        }
    }
}
