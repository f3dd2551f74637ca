package io.spectratrack.tracking.cli;

import io.spectratrack.datasets.baseline.NccTracker;
import io.spectratrack.datasets.eval.EvaluationHarness;
import io.spectratrack.datasets.eval.EvaluationReport;
import io.spectratrack.datasets.eval.TrackerFactory;
import io.spectratrack.datasets.eval.TrackerSummary;
import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelLoadException;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.tracking.FusionMode;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.SiameseTrackerAdapter;
import io.spectratrack.tracking.SpectralSignatureTracker;
import io.spectratrack.tracking.TrackerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code eval}: one-pass evaluation of BCR-Net and the baseline on a HOT-format folder. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs trackers on every sequence of a HOT2020/HOT2023-format folder (one-pass evaluation) and writes",
                "summary.json (success AUC with OTB and HOT thresholds, precision@20px, fps, per attribute and sequence),",
                "success/precision plots (PNG), per-sequence result boxes (results/) and per-frame logs (frames/:",
                "box, truth, IoU, centre error, score, visibility, and for BCR-Net its status, which window the box",
                "came from, the network's and the signature's scores) to --out."})
public final class EvalCli implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "HOT-format folder (data set root, split or single sequence).")
    Path data;

    @Option(names = "--model", description = "BCR-Net SavedModel folder for the bcrnet trackers (default: the model shipped for each sequence's band count, 16 or 25).")
    Path model;

    @Option(names = "--out", required = true, description = "Output folder for summary.json, plots and results.")
    Path out;

    @Option(names = "--trackers", split = ",", defaultValue = "bcrnet,bcrnet-uniform,baseline",
            description = "Trackers to compare: bcrnet (importance-weighted fusion), bcrnet-uniform, baseline (NCC), spectral (the target's spectral signature alone, no network) (default ${DEFAULT-VALUE}).")
    List<String> trackers;

    @CommandLine.Mixin
    HotDataOptions hot = new HotDataOptions();

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--max-sequences", description = "Evaluate only the first N sequences.")
    Integer maxSequences;

    @Option(names = "--tracking-score", description = "Score at or above which the status is TRACKING (default from TrackerConfig).")
    Double trackingScore;

    @Option(names = "--lost-score", description = "Score below which the status is LOST and the box freezes (default from TrackerConfig).")
    Double lostScore;

    @Option(names = "--window-influence", description = "Cosine window weight (default TrackerConfig.forModel: 0.463, 0.15 for coarse lite maps).")
    Double windowInfluence;

    @Option(names = "--penalty-k", description = "Scale/aspect change penalty (default from TrackerConfig, 0.085).")
    Double penaltyK;

    @Option(names = "--lr", description = "Size smoothing rate (default TrackerConfig.forModel: 0.444 VIS, 0.206 NIR, at most 0.2 for lite maps).")
    Double lr;

    @Option(names = "--redetect-after", description = "Search 8 neighbouring windows after this many LOST frames (0 = off; default from TrackerConfig).")
    Integer redetectAfter;

    @Option(names = "--motion-rate", description = "Velocity smoothing rate; the search window is centred on the predicted position (0 = off; default from TrackerConfig).")
    Double motionRate;

    @Option(names = "--spectral-weight", description = "Weight of the target's spectral signature against the network's score (0 = network alone; default from TrackerConfig).")
    Double spectralWeight;

    @Option(names = "--extent-rate", description = "Rate at which the box size follows the target's extent as its spectral signature sees it (0 = the network's size alone; default from TrackerConfig).")
    Double extentRate;

    @Option(names = "--recall-after", description = "Also search where the target was last seen with conviction after this many frames without (0 = off; default from TrackerConfig).")
    Integer recallAfter;

    /**
     * Unknown or repeated tracker names are refused before any work: a repeated one would run twice
     * and then collide in summary.json and on the charts.
     */
    private void checkTrackers() {
        Set<String> seen = new java.util.HashSet<>();
        for (String t : trackers) {
            if (!TRACKERS.contains(t.trim())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown tracker '" + t + "' in --trackers " + TRACKERS);
            }
            if (!seen.add(t.trim())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "tracker '" + t.trim() + "' is listed twice in --trackers");
            }
        }
    }

    /** TrackerConfig for the model (or band count) with every override given on the command line. */
    TrackerConfig config(io.spectratrack.model.serving.ModelMetadata meta, int bands, FusionMode fusion) {
        TrackerConfig d = meta != null ? TrackerConfig.forModel(meta) : TrackerConfig.forBands(bands);
        return new TrackerConfig(d.contextAmount(), windowInfluence != null ? windowInfluence : d.windowInfluence(),
                penaltyK != null ? penaltyK : d.penaltyK(), lr != null ? lr : d.lr(),
                trackingScore != null ? trackingScore : d.trackingScore(), lostScore != null ? lostScore : d.lostScore(),
                d.minSize(), fusion, redetectAfter != null ? redetectAfter : d.redetectAfter(),
                motionRate != null ? motionRate : d.motionRate(), spectralWeight != null ? spectralWeight : d.spectralWeight(),
                extentRate != null ? extentRate : d.extentRate(), recallAfter != null ? recallAfter : d.recallAfter());
    }

    /** This command as picocli runs it: errors go to the caller's error stream. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The tracker names {@code --trackers} accepts. */
    static final List<String> TRACKERS = List.of("bcrnet", "bcrnet-uniform", "baseline", "spectral");

    @Override
    public Integer call() throws Exception {
        checkTrackers();
        List<HotSequence> seqs = HotDataset.open(data, hot.options());
        Map<Integer, BcrNetSiameseModel> nets = new TreeMap<>();
        try {
            if (trackers.stream().anyMatch(t -> t.trim().startsWith("bcrnet"))) {
                loadModels(seqs, nets);
                Set<Integer> tracked = nets.keySet();
                List<HotSequence> fit = seqs.stream().filter(s -> tracked.contains(s.bands())).toList();
                if (fit.isEmpty() && model == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no model is shipped for "
                            + bandCounts(seqs) + "-band sequences (shipped: "
                            + ShippedModel.liteByBands().keySet() + " bands): give one with --model DIR, or run --trackers baseline,spectral");
                }
                if (fit.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "the model takes " + tracked
                            + " bands but no sequence has that many (" + seqs.get(0).name() + " has " + seqs.get(0).bands()
                            + "; wrong --pattern? 4 = 16 bands, 5 = 25 bands)");
                }
                if (fit.size() < seqs.size()) {
                    System.err.printf("skipping %d sequences whose band count has no model (models for %s bands)%n",
                            seqs.size() - fit.size(), tracked);
                }
                seqs = fit;
            }
            BcrNetSiameseModel net = nets.isEmpty() ? null : nets.values().iterator().next();
            if (maxSequences != null && maxSequences < seqs.size()) seqs = seqs.subList(0, maxSequences);
            int bands = seqs.get(0).bands();
            System.err.printf("%d sequences, %s bands, from %s%n", seqs.size(),
                    bandCounts(seqs).stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" and ")), data);
            List<TrackerFactory> factories = new ArrayList<>();
            for (String t : trackers) {
                switch (t.trim()) {
                    case "baseline" -> factories.add(TrackerFactory.of("baseline", NccTracker::new));
                    case "spectral" -> factories.add(TrackerFactory.of("spectral", SpectralSignatureTracker::new));
                    case "bcrnet", "bcrnet-uniform" -> {
                        FusionMode fusion = t.trim().equals("bcrnet") ? FusionMode.IMPORTANCE_WEIGHTED : FusionMode.UNIFORM;
                        Map<Integer, SiameseTracker> byBands = new TreeMap<>();
                        nets.forEach((b, m) -> {
                            TrackerConfig cfg = config(m.metadata(), b, fusion);
                            System.err.println(t.trim() + (nets.size() > 1 ? " (" + b + " bands)" : "") + ": " + cfg);
                            byBands.put(b, new SiameseTracker(m, cfg));
                        });
                        factories.add(TrackerFactory.of(t.trim(), () -> SiameseTrackerAdapter.byBands(byBands)));
                    }
                    default -> throw new IllegalStateException("unchecked tracker '" + t + "'");
                }
            }
            List<TrackerSummary> res = EvaluationHarness.run(seqs, factories, System.err::println);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("data", data.toString());
            if (model != null) info.put("model", model.toString());
            if (nets.size() == 1) info.put("model_id", net.metadata().modelId());
            Map<String, String> ids = new TreeMap<>();
            nets.forEach((b, m) -> ids.put(b.toString(), m.metadata().modelId()));
            if (!ids.isEmpty()) info.put("model_ids", ids);
            info.put("trackers", trackers);
            if (nets.size() <= 1) {
                info.put("tracker_config", config(net == null ? null : net.metadata(), bands, FusionMode.IMPORTANCE_WEIGHTED).toString());
            } else {
                Map<String, String> configs = new TreeMap<>();
                nets.forEach((b, m) -> configs.put(b.toString(), config(m.metadata(), b, FusionMode.IMPORTANCE_WEIGHTED).toString()));
                info.put("tracker_config", configs);
            }
            EvaluationReport.write(out, res, info);
            System.out.println(EvaluationReport.table(res));
            System.err.println("wrote " + out.resolve("summary.json") + " and plots");
            return 0;
        } finally {
            nets.values().forEach(BcrNetSiameseModel::close);
        }
    }

    private static SortedSet<Integer> bandCounts(List<HotSequence> seqs) {
        return new TreeSet<>(seqs.stream().map(HotSequence::bands).toList());
    }

    /**
     * Loads the models of the bcrnet trackers into {@code out}, by the band count they take:
     * {@code --model}, else the model shipped for each band count among {@code seqs} (none for a
     * band count without one). Into the caller's map, so that a failure part-way leaves nothing open.
     */
    private void loadModels(List<HotSequence> seqs, Map<Integer, BcrNetSiameseModel> out) {
        if (model != null) {
            BcrNetSiameseModel m = BcrNetSiameseModel.load(model, DeviceConfig.parse(device));
            System.err.println("model " + m.metadata());
            out.put(m.metadata().bands(), m);
            return;
        }
        for (int b : bandCounts(seqs)) {
            Path dir;
            try {
                dir = ShippedModel.liteForBands(b);
            } catch (ModelLoadException none) {
                System.err.println("no model is shipped for " + b + " bands: the bcrnet trackers skip those sequences (give one with --model)");
                continue;
            }
            BcrNetSiameseModel m = BcrNetSiameseModel.load(dir, DeviceConfig.parse(device));
            System.err.println("model (shipped, " + b + " bands) " + m.metadata());
            out.put(b, m);
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new EvalCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("eval: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
