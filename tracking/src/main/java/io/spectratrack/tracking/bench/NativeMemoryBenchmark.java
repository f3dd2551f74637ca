package io.spectratrack.tracking.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticSequence;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.bench.TensorFlowMemory;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.tracking.SiameseModel;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.TargetTrack;
import io.spectratrack.tracking.TrackStep;
import io.spectratrack.tracking.TrackerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.Callable;

/**
 * {@code bench memory}: native memory over many model calls on the path the Flink job takes per
 * frame. The targets are started once (one batched {@code template} call), every frame steps them
 * all in one batched {@code track} call, and every {@code --reinit-every} frames one target, in
 * rotation, is re-initialised on that frame as a REINIT command does (a new {@code template} call;
 * the job steps such a target from the next frame on). Memory is sampled between calls every
 * {@code --interval} frames. The verdict ({@link MemoryGrowth}): RSS growth from the end of
 * warm-up to the end within {@code --max-growth}, and nothing held by TensorFlow between calls.
 *
 * <p>Before frame 0 every batch size the tracker can ask for is run once: the first call of a batch
 * size raises RSS by several MB for good (about 180 MB for the first 21 sizes here: state
 * TensorFlow keeps per input shape, its oneDNN kernels among it), so a size met for the first time
 * late in the run (a target going LOST searches 10 windows) would show as a step that is no leak.
 *
 * <p>A benchmark, not a test: it takes minutes, and what it measures depends on the JVM's flags
 * (the launcher fixes and pre-touches the heap so RSS moves only with native memory).
 */
@Command(name = "bench memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Native memory over many BCR-Net calls on the job's per-frame path: targets",
                "started once, one batched track step per frame, a target re-initialised every",
                "--reinit-every frames in rotation. Every --interval frames: VmRSS, VmHWM,",
                "anonymous memory, Java heap, direct buffers, TensorFlow's CPU allocator and",
                "TF Java's live native objects. Exit code 1 when RSS grows by more than",
                "--max-growth MB per 1000 frames after --warm-up, or TensorFlow holds more",
                "between calls than at frame 0 (a tensor not closed)."})
public final class NativeMemoryBenchmark implements Callable<Integer> {

    /** Exit code when RSS grows beyond the limit after warm-up. */
    static final int GROWING = 1;

    /**
     * Most windows one target searches in a frame ({@link SiameseTracker#step}): its own, the 8
     * neighbours of re-detection, the recall window.
     */
    static final int WINDOWS_PER_TARGET = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--calls", defaultValue = "10000", description = "Frames to step, one batched track call each (default ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--interval", defaultValue = "500", description = "Sample memory every N frames (default ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--warm-up", defaultValue = "1000", description = "Frames left out of the verdict (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--max-growth", defaultValue = "1.0", description = "RSS growth after warm-up, MB per 1000 frames, above which the run fails (default ${DEFAULT-VALUE}).")
    double maxGrowth;

    @Option(names = "--bands", defaultValue = "16", description = "Bands of the frames; the model shipped for them runs unless --model is given (default ${DEFAULT-VALUE}).")
    int bands;

    @Option(names = "--model", description = "BCR-Net SavedModel folder (default: the shipped lite model for --bands).")
    Path model;

    @Option(names = "--size", defaultValue = "256x192", description = "Frame width x height (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--targets", defaultValue = "2", description = "Targets tracked in every frame, re-initialised in rotation (default ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--reinit-every", defaultValue = "25", description = "Re-initialise the next target every N frames (0 = never; default ${DEFAULT-VALUE}).")
    int reinitEvery;

    @Option(names = "--batch-warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before frame 0, run every batch size the tracker can ask for once (--no-batch-warm-up: meet them as they come).")
    boolean batchWarmUp;

    @Option(names = "--lap", defaultValue = "60", description = "Synthetic frames rendered once and played forward and back (default ${DEFAULT-VALUE}).")
    int lap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NativeMemoryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        SyntheticSequence seq = SyntheticVideo.sequence(SceneSpec.of(bands, lap).withSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1])), 17, 0);
        List<SpectralCube> frames = new ArrayList<>(lap);
        for (int i = 0; i < lap; i++) frames.add(seq.frame(i));
        Path dir = model != null ? model : ShippedModel.liteForBands(bands);
        String heap = heapSettings();
        log("%d frames of %s, %d targets, re-initialised every %d frames, samples every %d, warm-up %d; %s",
                calls, size, targets, reinitEvery, interval, warmUp, heap);

        List<MemorySample> samples = new ArrayList<>();
        String allocator;
        String modelId;
        SortedSet<Integer> trackBatches;
        try (BcrNetSiameseModel m = BcrNetSiameseModel.load(dir, DeviceConfig.cpu()); TensorFlowMemory tf = new TensorFlowMemory()) {
            modelId = m.metadata().modelId();
            CountingModel counted = new CountingModel(m);
            SiameseTracker tracker = new SiameseTracker(counted, TrackerConfig.forModel(m.metadata()));
            allocator = tf.cpuAllocator().allocator();
            List<String> ids = new ArrayList<>();
            List<Box> boxes = new ArrayList<>();
            for (int t = 0; t < targets; t++) {
                ids.add("t" + t);
                boxes.add(mark(seq.box(0), t));
            }
            long start = System.nanoTime();
            if (batchWarmUp) warmBatchSizes(counted, targets);
            List<TargetTrack> state = tracker.start(frames.get(0), 0, ids, boxes);
            // The baseline of the TensorFlow check: what is alive, not what a leak left to the collector.
            TensorFlowMemory.freeUnreachable();
            samples.add(sample(tf, counted, 0, start));
            for (int f = 1; f <= calls; f++) {
                int i = lapFrame(f, lap);
                state = onFrame(tracker, frames.get(i), f, seq.box(i), state);
                if (f % interval == 0 || f == warmUp || f == calls) {
                    MemorySample s = sample(tf, counted, f, start);
                    samples.add(s);
                    log("%s", row(s));
                }
            }
            trackBatches = counted.trackBatches();
        }
        MemoryGrowth growth = MemoryGrowth.of(samples, warmUp, maxGrowth);
        print(samples, growth, modelId, allocator, heap, trackBatches);
        return growth.flat() ? 0 : GROWING;
    }

    /**
     * One frame as the job handles it: a REINIT due on it first (the target's template is made anew
     * on this frame, and the job steps it from the next one), then one batched step for the others.
     */
    private List<TargetTrack> onFrame(SiameseTracker tracker, SpectralCube frame, int f, Box truth, List<TargetTrack> state) {
        int reinit = reinitEvery > 0 && f % reinitEvery == 0 ? (f / reinitEvery - 1) % targets : -1;
        List<TargetTrack> stepped = new ArrayList<>(state);
        TargetTrack fresh = null;
        if (reinit >= 0) {
            fresh = tracker.start(frame, f, List.of(state.get(reinit).targetId()), List.of(mark(truth, reinit))).get(0);
            stepped.remove(reinit);
        }
        List<TargetTrack> next = new ArrayList<>(targets);
        for (TrackStep s : tracker.step(frame, f, stepped)) next.add(s.next());
        if (fresh != null) next.add(reinit, fresh);
        return next;
    }

    private void checkOptions() {
        if (calls < 1 || interval < 1 || targets < 1 || lap < 2 || reinitEvery < 0 || warmUp < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--calls, --interval and --targets must be at least 1, --lap at least 2, --warm-up and --reinit-every at least 0");
        }
        if (warmUp >= calls) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warm-up (" + warmUp + ") must be below --calls (" + calls + ")");
        }
        if (!size.toLowerCase(Locale.ROOT).matches("\\d+x\\d+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be WIDTHxHEIGHT, got " + size);
        }
    }

    /**
     * Frame {@code f} of the run on a lap of {@code n} frames played forward, then back
     * (0, 1, ..., n-1, n-2, ..., 1, 0, 1, ...), so the targets never jump from the last frame to the first.
     */
    static int lapFrame(long f, int n) {
        int period = 2 * (n - 1);
        int p = (int) (f % period);
        return p < n ? p : period - p;
    }

    /**
     * Runs every batch size the tracker can ask of the model once: template batches of 1 to
     * {@code targets} crops (a start, a re-initialisation), track batches of 1 to
     * {@link #WINDOWS_PER_TARGET} x {@code targets} windows. RSS rises at the first call of each
     * size, once (state TensorFlow keeps per input shape); after this no size is new, so growth in
     * the measured span is not that.
     */
    private static void warmBatchSizes(SiameseModel model, int targets) {
        float[] z = new float[model.metadata().templateCropLength()];
        float[] x = new float[model.metadata().searchCropLength()];
        List<TemplateEmbedding> t = List.of();
        for (int n = 1; n <= targets; n++) t = model.template(Collections.nCopies(n, z));
        for (int n = 1; n <= WINDOWS_PER_TARGET * targets; n++) model.track(Collections.nCopies(n, t.get(0)), Collections.nCopies(n, x));
    }

    /** Target {@code t}'s box as an operator marks it: the object's true box, a few pixels apart per target. */
    private static Box mark(Box truth, int t) {
        return new Box(truth.x() + 3 * t, truth.y() + 2 * t, truth.width(), truth.height());
    }

    private static MemorySample sample(TensorFlowMemory tf, CountingModel model, int frames, long start) {
        long inUse = tf.cpuAllocator().bytesInUse();
        return MemorySample.take(frames, model.trackCalls(), model.templateCalls(), model.batchShapes(),
                (System.nanoTime() - start) / 1e9, ProcessMemory.read(), inUse, TensorFlowMemory.liveNativeObjects());
    }

    /**
     * The heap flags, with a warning when the heap can change size or is not pre-touched: then RSS
     * also moves with the heap, and its growth is not native memory alone.
     */
    private static String heapSettings() {
        MemoryUsage h = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean preTouch = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("AlwaysPreTouch").getValue());
        String s = String.format(Locale.ROOT, "heap %d-%d MB%s", h.getInit() >> 20, h.getMax() >> 20, preTouch ? ", pre-touched" : "");
        if (h.getInit() != h.getMax() || !preTouch) {
            s += " (WARNING: not a fixed, pre-touched heap, so heap growth shows in RSS; run with -Xms = -Xmx and -XX:+AlwaysPreTouch)";
        }
        return s;
    }

    private static String row(MemorySample s) {
        return String.format(Locale.ROOT, "| %d | %d / %d | %d | %.1f | %.1f | %.1f | %.0f / %.0f | %.1f | %.2f | %.1f | %.2f | %d | %.0f |",
                s.frames(), s.trackCalls(), s.templateCalls(), s.batchShapes(), s.process().rssMb(), s.process().peakRssMb(), s.process().anonymousMb(),
                s.heapUsedMb(), s.heapCommittedMb(), s.nonHeapUsedMb(), s.directMb(), s.outsideHeapMb(), s.tfInUseMb(),
                s.nativeObjects(), s.seconds());
    }

    private void print(List<MemorySample> samples, MemoryGrowth g, String modelId, String allocator, String heap,
                       SortedSet<Integer> trackBatches) {
        System.out.printf(Locale.ROOT, "Model %s on CPU; %d frames of %s, %d bands, %d targets, one re-initialised every %d frames; "
                        + "batch sizes warmed up %s; %s; %d cores; load average at the end: %s%n%n", modelId, calls, size, bands, targets,
                reinitEvery, batchWarmUp ? "before frame 0" : "no", heap,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("| frames | track / template calls | batch sizes seen | VmRSS MB | VmHWM MB | anonymous MB | heap used / committed MB | non-heap MB "
                + "| direct MB | RSS - heap MB | TF allocator MB (" + allocator + ") | TF Java native objects | s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        samples.forEach(s -> System.out.println(row(s)));
        System.out.println();
        System.out.printf(Locale.ROOT, "RSS from frame %d (end of warm-up) to frame %d: %+.1f MB, %+.2f MB per 1000 frames (limit %.2f): %s%n",
                g.from().frames(), g.to().frames(), g.rssMb(), g.rssMbPer1000(), g.limitMbPer1000(), g.rssFlat() ? "flat" : "GROWING");
        System.out.printf(Locale.ROOT, "Between calls, most held above frame 0: TF allocator %+.2f MB, TF Java native objects %+d: %s%n",
                g.tfHeldMb(), g.heldNativeObjects(), g.tensorFlowFlat() ? "flat" : "HELD (a tensor or result not closed?)");
        System.out.printf(Locale.ROOT, "Same span: RSS - heap %+.1f MB; batch sizes run for the first time %d; track batch sizes run: %s%n",
                g.outsideHeapMb(), g.batchShapes(), trackBatches);
        System.out.println("Verdict: " + (g.flat() ? "FLAT" : "GROWING"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "bench-memory: " + fmt + "%n", args);
    }
}
