package io.spectratrack.local;

import io.spectratrack.local.camera.CameraFleet;
import io.spectratrack.local.monitor.StageCpu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./spectratrack demo}: the whole system on this machine, with a live page. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, version = "spectratrack demo 0.1",
        description = "Runs the whole system in one process: an in-process Kafka broker (KRaft) with the topics, "
                + "the ingest gateway and alert router (Kafka Streams), the Flink tracking job on a local cluster "
                + "with the BCR-Net model on CPU, synthetic hyperspectral cameras at their real frame rate, and a "
                + "live page on localhost. Prints progress every few seconds and a summary at the end (accuracy "
                + "against the synthetic ground truth, latency, dropped frames, alerts).%n")
public final class DemoCli implements Callable<Integer> {

    @Option(names = "--cameras", paramLabel = "N", description = "Number of cameras (default: ${DEFAULT-VALUE}).")
    int cameras = 1; // what 2 CPU cores keep up with next to the broker and both stream apps

    @Option(names = "--bands", paramLabel = "16|25", split = ",", defaultValue = "16",
            description = {"Bands per camera: 16 (4x4 VIS) or 25 (5x5 NIR) (default: ${DEFAULT-VALUE}).",
                    "A list (16,25) gives the cameras those band counts in turn; one job tracks them all, each with the model for its band count."})
    List<Integer> bands;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Run this long, e.g. 90s, 5m, PT2M (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the live page on localhost; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--fps", paramLabel = "FPS", description = "Camera frame rate (default: camera.fps of the config file, 25, the rate of HOT's cameras).")
    Double fps;

    @Option(names = "--model", paramLabel = "DIR", description = "BCR-Net SavedModel directory (default: the model shipped with model-runtime).")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Replay a HOT-format data set (one sequence per camera) instead of synthetic scenes.")
    Path data;

    @Option(names = "--policy", paramLabel = "latest|process-all",
            description = {"Real-time policy of the tracking job (default: job.realtime.policy of the config, latest: track what the "
                    + "machine affords, skip the rest and count the skips).",
                    "process-all tracks every frame however late: the summary then equals the offline eval of the same sequences."})
    String policy;

    @Option(names = "--config", paramLabel = "FILE", description = "Demo configuration (default: config/demo.properties as bundled).")
    Path config;

    @Option(names = "--stage-cpu", description = "At the end, print where the process's CPU went, by stage of a frame's way "
            + "(CPU ms per frame: camera, ingest, broker, job, model, page, JVM), measured over the run.")
    boolean stageCpu;

    @Option(names = "--progress-every", paramLabel = "TIME", converter = DurationConverter.class, hidden = true)
    Duration progressEvery = Duration.ofSeconds(5);

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (cameras < 1 || cameras > 16) throw new CommandLine.ParameterException(new CommandLine(this), "--cameras must be 1..16, got " + cameras);
        try {
            CameraFleet.checkBands(bands, cameras);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        DemoSettings settings = DemoSettings.load(config);
        if (policy != null) {
            if (!List.of("latest", "process-all", "drop-stale").contains(policy)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--policy must be latest or process-all, got " + policy);
            }
            settings = settings.with("job.realtime.policy", policy);
        }
        double rate = fps != null ? fps : settings.getDouble("camera.fps", 25);
        LocalStack.Options options = new LocalStack.Options(cameras, bands, rate, port, model, data, settings);

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(60, TimeUnit.SECONDS); // let main print the summary and close cleanly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try (LocalStack stack = new LocalStack(options)) {
            stack.start();
            System.out.printf(Locale.ROOT, "SpectraTrack demo running: open %s  (%s; Ctrl-C stops)%n", stack.dashboardUrl(),
                    duration == null ? "until Ctrl-C" : "for " + duration.toSeconds() + " s");
            for (String w : stack.warnings()) System.out.println("WARNING: " + w);
            StageCpu.Reading cpu0 = stageCpu && StageCpu.available() ? StageCpu.read() : null;
            long frames0 = stack.live().framesIn();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long wait = Math.min(progressEvery.toNanos(), end - System.nanoTime());
                if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) break;
                System.out.println(stack.progressLine());
            }
            if (cpu0 != null) {
                System.out.print(StageCpu.render(cpu0, StageCpu.read(), stack.live().framesIn() - frames0));
            } else if (stageCpu) {
                System.out.println("--stage-cpu: this platform does not expose per-thread CPU times (/proc/self/task)");
            }
            System.out.println("stopping: cameras off, letting the pipeline drain...");
            stack.stopCameras(5000);
            System.out.print(stack.summary().render());
            if (data == null) System.out.println(offlineEval(settings));
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook is running and now returns.
            }
        }
        return 0;
    }

    /** The commands that evaluate the same synthetic sequences offline, for comparison. */
    private String offlineEval(DemoSettings s) {
        var scenes = CameraFleet.Scenes.from(s);
        StringBuilder synth = new StringBuilder();
        for (int b : new java.util.TreeSet<>(bands)) {
            synth.append(String.format(Locale.ROOT, "  ./spectratrack synth --out runs/demo-synth%s --sequences %d --frames %d --bands %d --seed %d "
                            + "--size %dx%d --difficulty %s%n", bands.size() > 1 ? "/" + b : "", cameras, scenes.frames(), b,
                    scenes.seed(), scenes.width(), scenes.height(), s.get("camera.difficulty", "0.5")));
        }
        return String.format(Locale.ROOT, "the same sequences offline (compare with --policy process-all over a whole sequence, "
                        + "%d frames%s):%n%s  ./spectratrack eval --data runs/demo-synth --trackers bcrnet --out runs/demo-eval%s",
                scenes.frames(), bands.size() > 1 ? "; camera i is sequence i of the folder of its band count" : "", synth,
                model == null ? "" : " --model " + model);
    }

    /** 90s, 5m, 1h, 500ms, or ISO-8601 (PT2M). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
                if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
                if (s.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
                if (s.endsWith("h")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 3_600_000));
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + v + "' is not a duration (e.g. 90s, 5m, PT2M)");
            }
        }
    }
}
