package io.spectratrack.model.training;

import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.export.WeightsFile;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelLoadException;
import io.spectratrack.model.serving.ModelMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The training loop: a producer thread samples pairs ({@link PairSampler}) while the session trains;
 * learning rate with linear warm-up then log-linear decay; checkpoints (weights and Adam state, via
 * {@code Session.save}) every {@code checkpointEvery} steps and at the end; resumable in a new JVM.
 * The end product is {@code out/weights.bin} plus a SavedModel in {@code out/saved_model}.
 */
public final class Trainer {

    /** Every setting of one run. */
    public record Options(Path data, String variant, int bands, Integer groups, Path out, int steps, long seed, boolean resume,
                          int batch, float lr, float lrEnd, int warmup, int checkpointEvery, int logEvery, int cacheFrames,
                          int frameStride, int valSequences, boolean restartSchedule, double lrDropAt, double augment,
                          double scaleJitter, float fusedLoss, float branchLoss, float logL1, double minContextSide,
                          boolean keepWeights, Path initFrom) {
        /** Options of a run that starts from fresh weights (no {@code --init-from}). */
        public Options(Path data, String variant, int bands, Integer groups, Path out, int steps, long seed, boolean resume,
                       int batch, float lr, float lrEnd, int warmup, int checkpointEvery, int logEvery, int cacheFrames,
                       int frameStride, int valSequences, boolean restartSchedule, double lrDropAt, double augment,
                       double scaleJitter, float fusedLoss, float branchLoss, float logL1, double minContextSide,
                       boolean keepWeights) {
            this(data, variant, bands, groups, out, steps, seed, resume, batch, lr, lrEnd, warmup, checkpointEvery, logEvery,
                    cacheFrames, frameStride, valSequences, restartSchedule, lrDropAt, augment, scaleJitter, fusedLoss, branchLoss,
                    logL1, minContextSide, keepWeights, null);
        }

        /** The original options: log-linear decay after warm-up, full augmentation. */
        public Options(Path data, String variant, int bands, Integer groups, Path out, int steps, long seed, boolean resume,
                       int batch, float lr, float lrEnd, int warmup, int checkpointEvery, int logEvery, int cacheFrames,
                       int frameStride, int valSequences, boolean restartSchedule) {
            this(data, variant, bands, groups, out, steps, seed, resume, batch, lr, lrEnd, warmup, checkpointEvery, logEvery,
                    cacheFrames, frameStride, valSequences, restartSchedule, 0, 1, PairSampler.DEFAULT_SCALE_JITTER, 0f, 1f, 0f, 0, false);
        }

        /** Options with the learning-rate schedule counted from {@code start} (a resumed phase). */
        Options from(int start) {
            return new Options(data, variant, bands, groups, out, steps - start, seed, resume, batch, lr, lrEnd, 0, checkpointEvery,
                    logEvery, cacheFrames, frameStride, valSequences, false, lrDropAt, augment, scaleJitter, fusedLoss, branchLoss, logL1,
                    minContextSide, keepWeights, initFrom);
        }
    }

    private final Options o;
    private final PrintStream log;

    public Trainer(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /**
     * Learning rate at {@code step}: warm-up from lr/10, then either log-linear decay to lrEnd
     * ({@code lrDropAt == 0}) or a step schedule: {@code lr} held constant until the fraction
     * {@code lrDropAt} of the steps, then {@code lrEnd} (training-facts.md: constant 1e-3, then 2.5e-4).
     */
    public static float learningRate(Options o, int step, int start) {
        return o.restartSchedule() ? learningRate(o.from(start), step - start) : learningRate(o, step);
    }

    public static float learningRate(Options o, int step) {
        if (step < o.warmup()) {
            return (float) (o.lr() * (0.1 + 0.9 * step / (double) o.warmup()));
        }
        if (o.lrDropAt() > 0) {
            return step < Math.round(o.lrDropAt() * o.steps()) ? o.lr() : o.lrEnd();
        }
        double t = (step - o.warmup()) / (double) Math.max(1, o.steps() - o.warmup());
        return (float) Math.exp(Math.log(o.lr()) + t * (Math.log(o.lrEnd()) - Math.log(o.lr())));
    }

    public void run() throws Exception {
        if (o.initFrom() != null && !Files.isRegularFile(o.initFrom()) && !Files.isRegularFile(o.initFrom().resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("--init-from " + o.initFrom()
                    + ": neither a weights.bin file nor a SavedModel folder (expected a training run's weights.bin or an exported model)");
        }
        BcrNetConfig cfg = BcrNetConfig.of(o.variant(), o.bands(), o.groups());
        List<HotSequence> all = HotDataset.open(o.data()).stream().filter(s -> s.bands() == o.bands())
                .sorted(java.util.Comparator.comparing(HotSequence::name)).toList();
        // the last sequences (by name) are held out for the validation IoU printed at checkpoints
        int nVal = all.size() > o.valSequences() + 1 ? o.valSequences() : 0;
        List<HotSequence> seqs = all.subList(0, all.size() - nVal);
        List<HotSequence> valSeqs = all.subList(all.size() - nVal, all.size());
        log.printf("training %s/%d bands K=%d on %d sequences from %s: %d steps, batch %d, lr %.1e -> %.1e, seed %d%n",
                cfg.variant(), cfg.bands(), cfg.groups(), seqs.size(), o.data(), o.steps(), o.batch(), o.lr(), o.lrEnd(), o.seed());
        log.printf("schedule %s; augmentation x%.2f, scale jitter +-%.2f (log); loss weights: fused maps %.2f, per-branch maps %.2f, log-L1 %.2f; context floor %.0f px%n",
                o.lrDropAt() > 0 ? String.format("step (drop at %.0f%% of the steps)", 100 * o.lrDropAt()) : "log-linear decay",
                o.augment(), o.scaleJitter(), o.fusedLoss(), o.branchLoss(), o.logL1(), o.minContextSide());
        Files.createDirectories(o.out().resolve("ckpt"));
        String prefix = o.out().resolve("ckpt").resolve("model").toString();
        Path stepFile = o.out().resolve("ckpt").resolve("step.txt");
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg, o.fusedLoss(), o.branchLoss(), o.logL1());
            log.printf("graph built: %,d parameters, score map %dx%d%n", tg.net.params().parameterCount(), cfg.scoreSize(), cfg.scoreSize());
            try (Session s = new Session(g)) {
                s.initialize();
                int start = 0;
                if (o.resume() && Files.exists(stepFile)) {
                    s.restore(prefix);
                    start = Integer.parseInt(Files.readString(stepFile).trim());
                    log.printf("resumed from %s at step %d%n", prefix, start);
                } else {
                    tg.net.params().assign(s, startingValues(tg, cfg));
                }
                // a resumed run re-seeds the sampler from (seed, step): deterministic for the same resume points
                PairSampler sampler = new PairSampler(seqs, cfg, o.seed() * 31 + start, o.cacheFrames(), o.frameStride());
                sampler.scaleAugmentation(o.augment());
                sampler.scaleJitter(o.scaleJitter());
                sampler.minContextSide(o.minContextSide());
                BlockingQueue<PairSampler.Batch> queue = new ArrayBlockingQueue<>(3);
                int total = o.steps();
                final int first = start;
                Thread producer = new Thread(() -> {
                    try {
                        for (int i = first; i < total; i++) {
                            queue.put(sampler.next(o.batch()));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "pair-sampler");
                producer.setDaemon(true);
                producer.start();
                ModelMetadata meta = sampler.metadata();
                PairSampler.Batch validation = null;
                if (!valSeqs.isEmpty()) {
                    PairSampler vs = new PairSampler(valSeqs, cfg, 424242, 200, o.frameStride());
                    vs.minContextSide(o.minContextSide());
                    vs.negativeProb = 0;
                    vs.distractorProb = 0;
                    validation = vs.next(48);
                    log.printf("validation: 48 fixed pairs from %d held-out sequences%n", valSeqs.size());
                }
                long t0 = System.nanoTime();
                double sumLoss = 0;
                double sumCls = 0;
                double sumReg = 0;
                double sumRec = 0;
                double sumIou = 0;
                int nIou = 0;
                int n = 0;
                for (int step = start; step < total; step++) {
                    PairSampler.Batch b = queue.take();
                    boolean monitor = (step + 1) % o.logEvery() == 0;
                    float lr = learningRate(o, step, start);
                    float[] out = trainStep(s, tg, meta, b, lr, monitor);
                    sumLoss += out[0];
                    sumCls += out[1];
                    sumReg += out[2];
                    sumRec += out[3];
                    if (monitor && out[5] > 0) {
                        sumIou += out[4] * out[5];
                        nIou += (int) out[5];
                    }
                    n++;
                    if (!Float.isFinite(out[0])) {
                        throw new IllegalStateException("loss became " + out[0] + " at step " + step);
                    }
                    if (monitor) {
                        double el = (System.nanoTime() - t0) / 1e9;
                        double rate = (step + 1 - start) / el;
                        double eta = (total - step - 1) / rate;
                        log.printf("step %d/%d loss %.4f (cls %.4f iou-loss %.4f rec %.4f) top-cell IoU %.3f lr %.2e %.2f steps/s ETA %dm%02ds%n",
                                step + 1, total, sumLoss / n, sumCls / n, sumReg / n, sumRec / n, nIou == 0 ? 0 : sumIou / nIou,
                                lr, rate, (int) eta / 60, (int) eta % 60);
                        sumLoss = sumCls = sumReg = sumRec = sumIou = 0;
                        n = nIou = 0;
                    }
                    if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == total) {
                        s.save(prefix);
                        Files.writeString(stepFile, Integer.toString(step + 1));
                        writeWeights(s, tg, cfg);
                        if (o.keepWeights()) {
                            // One file per checkpoint, so `select` can choose among them by tracking validation.
                            Files.copy(o.out().resolve("weights.bin"), o.out().resolve(checkpointWeights(step + 1)),
                                    StandardCopyOption.REPLACE_EXISTING);
                        }
                        String val = validation == null ? "" : validate(s, tg, meta, validation);
                        log.printf("checkpoint at step %d -> %s %s%n", step + 1, o.out(), val);
                    }
                }
                producer.interrupt();
                Map<String, float[]> w = writeWeights(s, tg, cfg);
                String id = "bcrnet-" + cfg.variant() + "-" + cfg.bands() + "-s" + o.seed() + "-" + total;
                BcrNetExporter.export(cfg, w, o.seed(), id, o.minContextSide(), o.out().resolve("saved_model"));
                log.printf("done: %d steps in %.1f min; weights %s, SavedModel %s%n", total - start,
                        (System.nanoTime() - t0) / 6e10, o.out().resolve("weights.bin"), o.out().resolve("saved_model"));
            }
        }
    }

    /** Fresh weights from the seed, or those of {@code --init-from} wherever they fit ({@link WarmStart}). */
    private Map<String, float[]> startingValues(TrainingGraph tg, BcrNetConfig cfg) throws IOException {
        Map<String, float[]> initial = tg.net.params().initialValues(o.seed());
        if (o.initFrom() == null) return initial;
        WeightsFile.Weights source = readSource(o.initFrom(), cfg.variant());
        WarmStart w;
        try {
            w = WarmStart.of(initial, source, cfg.variant());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init-from " + o.initFrom() + ": " + e.getMessage(), e);
        }
        log.printf("initialised from %s (%s, %d bands): %d of %d weights copied (%,d values); fresh: %s%n", o.initFrom(),
                source.variant(), source.bands(), w.copied().size(), initial.size(), w.copiedValues(),
                w.fresh().isEmpty() ? "none" : String.join(", ", w.fresh()));
        return w.values();
    }

    /** A training run's weights.bin, or the weights inside an exported SavedModel (a shipped model). */
    private static WeightsFile.Weights readSource(Path from, String variant) throws IOException {
        if (Files.isRegularFile(from)) return WeightsFile.read(from);
        try (BcrNetModel m = BcrNetModel.load(from, DeviceConfig.cpu(), variant)) {
            ModelMetadata meta = m.metadata();
            return new WeightsFile.Weights(meta.variant(), meta.bands(), meta.groups(), m.weights());
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException("--init-from " + from + ": " + e.getMessage(), e);
        }
    }

    /** File name of the weights kept at a checkpoint ({@code --keep-weights}): {@code weights-<step>.bin}. */
    public static String checkpointWeights(int step) {
        return "weights-" + step + ".bin";
    }

    private Map<String, float[]> writeWeights(Session s, TrainingGraph tg, BcrNetConfig cfg) throws IOException {
        Map<String, float[]> w = tg.net.params().read(s);
        WeightsFile.write(o.out().resolve("weights.bin"), new WeightsFile.Weights(cfg.variant(), cfg.bands(), cfg.groups(), w));
        return w;
    }

    /** Forward pass on fixed pairs: mean IoU of the top cell's box and the share above 0.5. */
    static String validate(Session s, TrainingGraph tg, ModelMetadata meta, PairSampler.Batch b) {
        int per = 8;
        double sum = 0;
        int hits = 0;
        int t = meta.templateSize();
        int x = meta.searchSize();
        int bands = meta.bands();
        int k = meta.groups();
        int ss = meta.scoreSize() * meta.scoreSize();
        for (int from = 0; from < b.size(); from += per) {
            int n = Math.min(per, b.size() - from);
            try (TFloat32 tz = TFloat32.tensorOf(Shape.of(n, t, t, bands));
                 TFloat32 tx = TFloat32.tensorOf(Shape.of(n, x, x, bands))) {
                tz.asRawTensor().data().asFloats().write(java.util.Arrays.copyOfRange(b.template(), from * t * t * bands, (from + n) * t * t * bands));
                tx.asRawTensor().data().asFloats().write(java.util.Arrays.copyOfRange(b.search(), from * x * x * bands, (from + n) * x * x * bands));
                try (Result res = s.runner().feed(tg.templateCrops, tz).feed(tg.searchCrops, tx)
                        .fetch(tg.cls).fetch(tg.reg).fetch(tg.branchWeights).run()) {
                    float[] cls = new float[n * k * ss];
                    float[] reg = new float[n * k * 4 * ss];
                    float[] w = new float[n * k];
                    ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(cls);
                    ((TFloat32) res.get(1)).asRawTensor().data().asFloats().read(reg);
                    ((TFloat32) res.get(2)).asRawTensor().data().asFloats().read(w);
                    for (int i = 0; i < n; i++) {
                        double iou = topBox(meta, cls, reg, w, i).iou(b.boxes()[from + i]);
                        sum += iou;
                        hits += iou > 0.5 ? 1 : 0;
                    }
                }
            }
        }
        return String.format("validation mean IoU %.3f, IoU>0.5 in %.0f%% of %d pairs", sum / b.size(), 100.0 * hits / b.size(), b.size());
    }

    /** One Adam step; returns {loss, cls, reg, rec, meanIou, positives}. */
    static float[] trainStep(Session s, TrainingGraph tg, ModelMetadata meta, PairSampler.Batch b, float lr, boolean monitor) {
        int n = b.size();
        int t = meta.templateSize();
        int x = meta.searchSize();
        int sz = meta.scoreSize();
        int bands = meta.bands();
        try (TFloat32 tz = TFloat32.tensorOf(Shape.of(n, t, t, bands));
             TFloat32 tx = TFloat32.tensorOf(Shape.of(n, x, x, bands));
             TFloat32 tc = TFloat32.tensorOf(Shape.of(n, sz, sz));
             TFloat32 tr = TFloat32.tensorOf(Shape.of(n, sz, sz, 4));
             TFloat32 tl = TFloat32.scalarOf(lr)) {
            tz.asRawTensor().data().asFloats().write(b.template());
            tx.asRawTensor().data().asFloats().write(b.search());
            tc.asRawTensor().data().asFloats().write(b.cls());
            tr.asRawTensor().data().asFloats().write(b.reg());
            Session.Runner r = s.runner().feed(tg.templateCrops, tz).feed(tg.searchCrops, tx).feed(tg.clsLabels, tc)
                    .feed(tg.regTargets, tr).feed(tg.learningRate, tl).addTarget(tg.trainStep)
                    .fetch(tg.loss).fetch(tg.clsLoss).fetch(tg.regLoss).fetch(tg.recLoss);
            if (monitor) {
                r.fetch(tg.cls).fetch(tg.reg).fetch(tg.branchWeights);
            }
            try (Result res = r.run()) {
                float[] out = new float[6];
                for (int i = 0; i < 4; i++) {
                    out[i] = ((TFloat32) res.get(i)).getFloat();
                }
                if (monitor) {
                    int k = meta.groups();
                    float[] cls = new float[n * k * sz * sz];
                    float[] reg = new float[n * k * 4 * sz * sz];
                    float[] w = new float[n * k];
                    ((TFloat32) res.get(4)).asRawTensor().data().asFloats().read(cls);
                    ((TFloat32) res.get(5)).asRawTensor().data().asFloats().read(reg);
                    ((TFloat32) res.get(6)).asRawTensor().data().asFloats().read(w);
                    double iouSum = 0;
                    int cnt = 0;
                    for (int i = 0; i < n; i++) {
                        if (b.negative()[i]) {
                            continue;
                        }
                        Box p = topBox(meta, cls, reg, w, i);
                        iouSum += p.iou(b.boxes()[i]);
                        cnt++;
                    }
                    out[4] = cnt == 0 ? 0 : (float) (iouSum / cnt);
                    out[5] = cnt;
                }
                return out;
            }
        }
    }

    /** Importance-weighted fusion of the branches, best cell, its box (crop pixels). */
    static Box topBox(ModelMetadata meta, float[] cls, float[] reg, float[] w, int i) {
        int k = meta.groups();
        int ss = meta.scoreSize() * meta.scoreSize();
        int best = 0;
        double bestScore = -1;
        for (int c = 0; c < ss; c++) {
            double sc = 0;
            for (int j = 0; j < k; j++) {
                sc += w[i * k + j] / (1 + Math.exp(-cls[(i * k + j) * ss + c]));
            }
            if (sc > bestScore) {
                bestScore = sc;
                best = c;
            }
        }
        double[] d = new double[4];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < 4; q++) {
                d[q] += w[i * k + j] * reg[((i * k + j) * 4 + q) * ss + best];
            }
        }
        double[] p = meta.cellCentre(best);
        return new Box(p[0] - d[0], p[1] - d[1], d[0] + d[2], d[1] + d[3]);
    }
}
