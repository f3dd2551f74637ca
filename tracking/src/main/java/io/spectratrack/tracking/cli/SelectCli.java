package io.spectratrack.tracking.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spectratrack.datasets.eval.EvaluationHarness;
import io.spectratrack.datasets.eval.TrackerFactory;
import io.spectratrack.datasets.eval.TrackerSummary;
import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.export.WeightsFile;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.tracking.FusionMode;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.SiameseTrackerAdapter;
import io.spectratrack.tracking.TrackerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code select}: chooses a training run's checkpoint by how it tracks, not by its pair loss. Every
 * {@code weights-<step>.bin} the trainer kept ({@code train --keep-weights}) is exported and run
 * through the one-pass evaluation on a validation folder; the checkpoint with the highest success
 * AUC (OTB) wins, ties going to precision@20 and then to the later step. Pair IoU can mislead: a
 * phase whose pairs improved tracked worse (model-runtime/README.md, phase 6).
 */
@Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exports every checkpoint a training run kept (train --keep-weights: weights-<step>.bin), evaluates each",
                "with the BCR-Net tracker on a validation folder, and names the one that tracks best (success AUC).",
                "Writes selection.json and the exported models (models/<step>) to --out."})
public final class SelectCli implements Callable<Integer> {
    private static final Pattern CHECKPOINT = Pattern.compile("weights-(\\d+)\\.bin");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, description = "Training run folder (train --out) with weights-<step>.bin files.")
    Path run;

    @Option(names = "--data", required = true, description = "HOT-format validation folder (never the test set).")
    Path data;

    @Option(names = "--out", required = true, description = "Output folder for selection.json and models/<step>.")
    Path out;

    @Option(names = "--min-context", defaultValue = "0",
            description = "Context floor the run was trained with (train --min-context; default ${DEFAULT-VALUE}).")
    double minContextSide;

    @Option(names = "--fusion", defaultValue = "IMPORTANCE_WEIGHTED",
            description = "Branch fusion of the tracker: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    FusionMode fusion;

    @CommandLine.Mixin
    HotDataOptions hot = new HotDataOptions();

    /** One checkpoint's scores. */
    public record Candidate(int step, Path weights, Path model, double aucOtb, double aucHot, double precision20) {}

    /** The winner: highest AUC, then precision@20, then the later step (the end of a schedule). */
    static final Comparator<Candidate> BETTER = Comparator.comparingDouble(Candidate::aucOtb)
            .thenComparingDouble(Candidate::precision20).thenComparingInt(Candidate::step);

    @Override
    public Integer call() throws Exception {
        List<Map.Entry<Integer, Path>> checkpoints = checkpoints(run);
        if (checkpoints.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no weights-<step>.bin in " + run
                    + ": train with --keep-weights to keep every checkpoint's weights");
        }
        List<HotSequence> seqs = HotDataset.open(data, hot.options());
        List<Candidate> scored = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            int step = checkpoints.get(i).getKey();
            Path weights = checkpoints.get(i).getValue();
            System.err.printf("[%d/%d] checkpoint %d: %s%n", i + 1, checkpoints.size(), step, weights);
            Candidate c = evaluate(step, weights, seqs);
            System.err.printf("checkpoint %d: AUC %.3f P@20 %.3f%n", step, c.aucOtb(), c.precision20());
            scored.add(c);
        }
        Candidate best = scored.stream().max(BETTER).orElseThrow();
        writeSelection(scored, best);
        StringBuilder table = new StringBuilder("| step | AUC OTB | AUC HOT | P@20 |\n|---|---|---|---|\n");
        for (Candidate c : scored) {
            table.append(String.format("| %d%s | %.3f | %.3f | %.3f |%n", c.step(), c == best ? " (best)" : "", c.aucOtb(),
                    c.aucHot(), c.precision20()));
        }
        System.out.print(table);
        System.out.println("best: step " + best.step() + ", weights " + best.weights() + ", exported to " + best.model());
        return 0;
    }

    /** {@code weights-<step>.bin} files of a run, by step. */
    static List<Map.Entry<Integer, Path>> checkpoints(Path run) throws IOException {
        if (!Files.isDirectory(run)) throw new IllegalArgumentException("run folder " + run + " does not exist");
        List<Map.Entry<Integer, Path>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
                if (m.matches()) out.add(Map.entry(Integer.parseInt(m.group(1)), p));
            }
        }
        out.sort(Map.Entry.comparingByKey());
        return out;
    }

    private Candidate evaluate(int step, Path weights, List<HotSequence> seqs) throws IOException {
        WeightsFile.Weights w = WeightsFile.read(weights);
        BcrNetConfig cfg = BcrNetConfig.of(w.variant(), w.bands(), w.groups());
        Path model = out.resolve("models").resolve(Integer.toString(step));
        if (Files.exists(model)) ScratchDirectory.deleteTree(model);
        String id = "bcrnet-" + w.variant() + "-" + w.bands() + "-" + run.getFileName() + "-" + step;
        BcrNetExporter.export(cfg, w.values(), 0, id, minContextSide, model);
        List<HotSequence> fit = seqs.stream().filter(s -> s.bands() == w.bands()).toList();
        if (fit.isEmpty()) {
            throw new IllegalArgumentException("the weights take " + w.bands() + " bands but no sequence in " + data + " has that many");
        }
        try (BcrNetSiameseModel net = BcrNetSiameseModel.load(model, DeviceConfig.cpu())) {
            SiameseTracker tracker = new SiameseTracker(net, TrackerConfig.forModel(net.metadata()).withFusion(fusion));
            TrackerSummary s = EvaluationHarness.run(fit, List.of(TrackerFactory.of("bcrnet",
                    () -> new SiameseTrackerAdapter(tracker))), System.err::println).get(0);
            TrackerSummary.Scores o = s.overall();
            return new Candidate(step, weights, model, o.aucOtb(), o.aucHot(), o.precision20());
        }
    }

    private void writeSelection(List<Candidate> scored, Candidate best) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run.toString());
        doc.put("data", data.toString());
        doc.put("min_context_side", minContextSide);
        doc.put("fusion", fusion.name());
        doc.put("criterion", "highest auc_otb, then precision_20px, then the later step");
        doc.put("checkpoints", scored.stream().map(SelectCli::row).toList());
        doc.put("best", row(best));
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("selection.json").toFile(), doc);
    }

    private static Map<String, Object> row(Candidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", c.step());
        m.put("weights", c.weights().toString());
        m.put("model", c.model().toString());
        m.put("auc_otb", c.aucOtb());
        m.put("auc_hot", c.aucHot());
        m.put("precision_20px", c.precision20());
        return m;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SelectCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("select: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
