package io.spectratrack.tracking;

import io.spectratrack.datasets.baseline.NccTracker;
import io.spectratrack.datasets.eval.EvaluationHarness;
import io.spectratrack.datasets.eval.EvaluationReport;
import io.spectratrack.datasets.eval.TrackerFactory;
import io.spectratrack.datasets.eval.TrackerSummary;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticSequence;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.tracking.cli.EvalCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exports an untrained lite model through the model-runtime API and tracks synthetic frames with it. */
class BcrNetEndToEndTest {
    @TempDir static Path tmp;
    static BcrNetSiameseModel model;

    @BeforeAll
    static void export() throws Exception {
        BcrNetExporter.export(BcrNetConfig.lite(16), null, 11L, "test-lite-untrained", tmp.resolve("model"));
        model = BcrNetSiameseModel.load(tmp.resolve("model"), DeviceConfig.cpu());
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    @Test
    void tracksSyntheticFramesEndToEndDeterministically() {
        SyntheticSequence seq = SyntheticVideo.sequence(SceneSpec.of(16, 4).withSize(96, 64), 3, 0);
        SiameseTracker tr = new SiameseTracker(model, TrackerConfig.forBands(16));
        List<TargetTrack> a = tr.start(seq.frame(0), List.of(seq.box(0), seq.box(0)));
        assertThat(a.get(0).template().bandOrder()).hasSize(16);
        List<TrackStep> s1 = tr.step(seq.frame(1), a);
        List<TrackStep> s2 = tr.step(seq.frame(1), a);
        assertThat(s1).hasSize(2);
        for (TrackStep s : s1) {
            assertThat(s.box().isValid()).isTrue();
            assertThat(s.score()).isBetween(0f, 1f);
            assertThat(s.groups()).hasNumberOfRows(model.metadata().groups());
            assertThat(s.bandImportance()).hasSize(16);
        }
        assertThat(s2.get(0).box()).isEqualTo(s1.get(0).box());
        // Both copies of the same target give the same answer inside one batch.
        assertThat(s1.get(1).box()).isEqualTo(s1.get(0).box());
    }

    @Test
    void harnessRunsBcrNetNextToTheBaseline() {
        SyntheticSequence seq = SyntheticVideo.sequence(SceneSpec.of(16, 5).withSize(96, 64), 3, 1);
        SiameseTracker tr = new SiameseTracker(model, TrackerConfig.forBands(16));
        List<TrackerSummary> res = EvaluationHarness.run(List.of(seq), List.of(
                TrackerFactory.of("bcrnet", () -> new SiameseTrackerAdapter(tr)),
                TrackerFactory.of("baseline", NccTracker::new)), line -> { });
        assertThat(res).hasSize(2);
        assertThat(res.get(0).sequences().get(0).error()).isNull();
        assertThat(res.get(0).overall().frames()).isEqualTo(5);
        EvaluationReport.write(tmp.resolve("eval"), res, Map.of());
        assertThat(tmp.resolve("eval/summary.json")).exists();
    }

    /**
     * A HOT folder "written by another program": plain 16-bit PNGs holding 12-bit values without
     * sBIT chunk or metadata, 37x29 band images (not a multiple of 8), a target touching the left
     * border, tab-separated ground truth with trailing tabs, no attributes file.
     */
    @Test
    void evalCliHandlesForeignTwelveBitOddSizedFolders() throws Exception {
        Path hsi = Files.createDirectories(tmp.resolve("foreign/seq one/HSI"));
        SyntheticSequence src = SyntheticVideo.sequence(SceneSpec.of(16, 4).withSize(64, 48), 21, 0);
        StringBuilder gt = new StringBuilder();
        for (int f = 0; f < 4; f++) {
            io.spectratrack.cube.SpectralCube c = src.frame(f);
            // Crop the band images to 37x29 by writing the top-left part of the mosaic.
            io.spectratrack.cube.Mosaic m = io.spectratrack.cube.X2Cube.toMosaic(c);
            int w = 37 * 4, h = 29 * 4;
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, Math.round(m.get(y, x) * 4095));
            javax.imageio.ImageIO.write(img, "png", hsi.resolve(String.format("%04d.png", f + 1)).toFile());
            gt.append("0\t").append(10 + f).append("\t9\t7\t\n");
        }
        Files.writeString(hsi.resolve("groundtruth_rect.txt"), gt);
        int code = new CommandLine(new EvalCli()).execute("--data", tmp.resolve("foreign").toString(), "--model", tmp.resolve("model").toString(),
                "--out", tmp.resolve("foreign-out").toString(), "--trackers", "bcrnet,baseline");
        assertThat(code).isZero();
        String json = Files.readString(tmp.resolve("foreign-out/summary.json"));
        assertThat(json).contains("seq one").doesNotContain("ERROR").contains("\"error\" : null");
    }

    @Test
    void evalCliWritesSummaryForAHotFolder() throws Exception {
        SyntheticVideo.write(tmp.resolve("data"), SceneSpec.of(16, 4).withSize(64, 48), 2, 9, 12, 1, l -> { });
        int code = new CommandLine(new EvalCli()).execute("--data", tmp.resolve("data").toString(), "--model", tmp.resolve("model").toString(),
                "--out", tmp.resolve("cli").toString());
        assertThat(code).isZero();
        String json = Files.readString(tmp.resolve("cli/summary.json"));
        assertThat(json).contains("\"bcrnet\"", "\"bcrnet-uniform\"", "\"baseline\"", "\"auc_hot\"");
        assertThat(tmp.resolve("cli/success_otb.png")).exists();
    }
}
