package io.spectratrack.local;

import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.local.camera.CameraFeed;
import io.spectratrack.local.camera.CameraFleet;
import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.local.camera.RenderedLap;
import io.spectratrack.local.camera.SensorModel;
import io.spectratrack.local.dashboard.DashboardServer;
import io.spectratrack.local.monitor.LiveState;
import io.spectratrack.local.monitor.TopicWatcher;
import io.spectratrack.local.pipeline.Stage;
import io.spectratrack.local.pipeline.StreamsStage;
import io.spectratrack.local.pipeline.TrackingStage;
import io.spectratrack.streams.alerts.AlertCounters;
import io.spectratrack.streams.alerts.AlertOptions;
import io.spectratrack.streams.alerts.AlertTopology;
import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.streams.ingest.IngestCounters;
import io.spectratrack.streams.ingest.IngestOptions;
import io.spectratrack.streams.ingest.IngestTopology;
import io.spectratrack.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in this JVM, started in dependency order: broker and topics; the ingest
 * gateway and alert router (Kafka Streams); the tracking job (Flink local cluster); the watcher
 * and live page; the cameras last, so nothing they publish is missed. {@link #close()} stops the
 * cameras first and everything else in reverse.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    /** What to run. {@code dataDir} null: synthetic cameras; {@code modelDir} null: the shipped model. */
    /** @param bands band counts of the synthetic cameras, taken in turn (camera i has {@code bands[i % n]}) */
    public record Options(int cameras, List<Integer> bands, double fps, int port, Path modelDir, Path dataDir, DemoSettings settings) {}

    private final Options options;
    private final GroundTruthLog truth = new GroundTruthLog();
    private final LiveState live = new LiveState();
    private final List<Stage> stages = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final IngestCounters ingestCounters = new IngestCounters();
    private final AlertCounters alertCounters = new AlertCounters();
    private EmbeddedKafka kafka;
    private TopicWatcher watcher;
    private DashboardServer dashboard;
    private CameraFleet fleet;
    private String modelDescription = "none";
    private boolean trackingAvailable;
    private Path checkpoints;
    private AutoCloseable warmModels;
    private Path brokerLog;
    /**
     * The demo's broker keeps about the last 256 MB of each partition (10 s of one camera's frames),
     * checked every 5 s: a live demo needs no older frames (the job replays at most a checkpoint
     * interval), and the log may be in memory.
     */
    private static final Map<String, String> BROKER_SETTINGS = Map.of(
            "log.retention.bytes", String.valueOf(256L << 20),
            "log.segment.bytes", String.valueOf(32 << 20),
            "log.retention.check.interval.ms", "5000");
    /** Camera ids are this prefix and a number from 1. */
    static final String CAMERA_PREFIX = "cam-";

    public LocalStack(Options options) {
        this.options = options;
    }

    public LocalStack start() throws Exception {
        DemoSettings s = options.settings();
        List<CameraFeed> feeds = feeds();
        // The cameras' laps render on every core while the broker, the apps and the model start.
        CompletableFuture<List<RenderedLap>> laps = prerender(feeds, s.getBoolean("camera.prerender", true));

        kafka = EmbeddedKafka.start(BROKER_SETTINGS, brokerLogDir(s.get("broker.log-dir", "auto")))
                .createTopics(Math.max(1, Math.min(4, feeds.size())), EmbeddedKafka.systemTopics());
        String bootstrap = kafka.bootstrapServers();

        start(new StreamsStage("ingest gateway",
                b -> IngestTopology.build(b, ingestOptions(s), ingestCounters),
                streamsProperties("spectratrack-demo-ingest", bootstrap, s.section("ingest")),
                () -> ingestCounters.progress(5)));
        start(new StreamsStage("alert router",
                b -> AlertTopology.build(b, AlertOptions.from(AppConfig.of(s.section("alerts"))), alertCounters),
                streamsProperties("spectratrack-demo-alerts", bootstrap, s.section("alerts")),
                null));

        Map<String, String> job = new LinkedHashMap<>(s.section("job"));
        job.put("kafka.bootstrap", bootstrap);
        if (options.modelDir() != null) job.put("model.dir", options.modelDir().toString());
        if (job.getOrDefault("checkpoint.dir", "").isBlank()) {
            // A throw-away directory: the demo's job starts afresh every run.
            checkpoints = ScratchDirectory.create("spectratrack-demo-checkpoints-");
            job.put("checkpoint.dir", checkpoints.toUri().toString());
        }
        JobConfig jobConfig = JobConfig.of(job);
        DemoEngines.Choices engine = DemoEngines.choose(jobConfig, options.modelDir(), CameraFleet.bandCounts(feeds));
        modelDescription = engine.description();
        for (String w : engine.warnings()) {
            warnings.add(w);
            LOG.warn("{}", w);
        }
        // Load and warm the models before the job and the cameras start: the job's tasks then open
        // on a loaded model (the host is shared in the JVM), and the first frames do not queue
        // behind TensorFlow's start-up.
        long t0 = System.nanoTime();
        warmModels = DemoEngines.warmUp(engine.engine(), feeds);
        LOG.info("model(s) loaded and warmed in {} ms", (System.nanoTime() - t0) / 1_000_000);
        TrackingStage tracking = new TrackingStage(engine.job(), engine.engine(), engine.bands());
        start(tracking);
        tracking.awaitRunning(Duration.ofSeconds(60));
        trackingAvailable = true;

        Duration sampling = Duration.ofMillis(s.getInt("page.frame-sampling-ms", 200));
        watcher = new TopicWatcher(bootstrap, live, CameraFleet.WARM_UP_PREFIX, sampling).start();
        dashboard = new DashboardServer(options.port(), live, truth, this::statusExtras).start();

        List<RenderedLap> rendered = laps.get();
        int warmUp = s.getInt("camera.warm-up-frames", 0);
        if (warmUp > 0) {
            long w0 = System.nanoTime();
            LOG.info("warming the pipeline up: {} frames per band count at {} fps", warmUp, options.fps());
            CameraFleet.warmUp(bootstrap, feeds, rendered, CAMERA_PREFIX, options.fps(), warmUp);
            watcher.awaitIgnoredSettled(Duration.ofSeconds(1), Duration.ofSeconds(30));
            LOG.info("pipeline warm in {} ms", (System.nanoTime() - w0) / 1_000_000);
        }
        if (!sampling.isZero()) {
            // The watcher reads a sample of the frames; count them where they are made (not the warm-up's).
            long before = ingestCounters.framesOut.get();
            long missedBefore = ingestCounters.missedFrames.get();
            long shedBefore = ingestCounters.shedFrames.get();
            live.countFramesFrom(() -> ingestCounters.framesOut.get() - before, () -> ingestCounters.missedFrames.get() - missedBefore,
                    () -> ingestCounters.shedFrames.get() - shedBefore);
        }
        fleet = new CameraFleet(bootstrap, feeds, rendered, CAMERA_PREFIX, options.fps(), s.getInt("camera.max-frames", 0), truth)
                .start();
        LOG.info("{} camera(s) of {} bands at {} fps publishing to {}", feeds.size(), CameraFleet.bandCounts(feeds),
                options.fps(), Topics.CAMERA_RAW);
        return this;
    }

    /**
     * The synthetic cameras' laps, mapped from the lap cache or rendered into it in the background
     * (null: the cameras render as they go, when asked to or when the disk has no room).
     */
    private CompletableFuture<List<RenderedLap>> prerender(List<CameraFeed> feeds, boolean wanted) {
        if (!wanted || options.dataDir() != null) return CompletableFuture.completedFuture(null);
        DemoSettings s = options.settings();
        Path cache = Path.of(s.get("camera.lap-cache", ".spectratrack/laps"));
        CameraFleet.Scenes scenes = CameraFleet.Scenes.from(s);
        List<SensorModel> sensors = CameraFleet.sensors(feeds, CAMERA_PREFIX);
        List<RenderedLap.Recipe> recipes = new java.util.ArrayList<>();
        long bytes = 0;
        int frames = 0;
        for (int i = 0; i < feeds.size(); i++) {
            CameraFeed f = feeds.get(i);
            recipes.add(new RenderedLap.Recipe(scenes + "#" + i, CameraFleet.cameraId(CAMERA_PREFIX, i), f, sensors.get(i)));
            bytes += RenderedLap.bytesFor(f, f.frame(0));
            frames += f.frameCount();
        }
        long free = freeSpace(cache);
        if (free >= 0 && free < bytes * 5 / 4) {
            String w = String.format(Locale.ROOT, "the cameras' laps need %d MB in %s, which has %d MB free: they render as they go, "
                    + "which costs the pipeline CPU (set camera.lap-cache to a roomier folder)", bytes >> 20, cache, free >> 20);
            warnings.add(w);
            LOG.warn("{}", w);
            return CompletableFuture.completedFuture(null);
        }
        int total = frames;
        int threads = Runtime.getRuntime().availableProcessors();
        long size = bytes;
        return CompletableFuture.supplyAsync(() -> {
            try {
                long t0 = System.nanoTime();
                List<RenderedLap> laps = RenderedLap.load(cache, recipes, threads, done -> {
                    if (done == 1) LOG.info("rendering the cameras' laps into {}: {} frames, {} MB, on {} threads (once per scene)",
                            cache, total, size >> 20, threads);
                    if (done % Math.max(1, total / 4) == 0) LOG.info("laps rendered: {} of {} frames", done, total);
                });
                LOG.info("laps ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
                return laps;
            } catch (Exception e) {
                throw new IllegalStateException("could not render the cameras' laps into " + cache + ": " + e, e);
            }
        });
    }

    /**
     * Where the broker's log goes: {@code auto} puts it in memory ({@code /dev/shm}) when that exists
     * with room for it, else the temporary directory; any other value is a folder.
     */
    private Path brokerLogDir(String setting) {
        Path base;
        if (setting.equals("auto")) {
            Path shm = Path.of("/dev/shm");
            if (!java.nio.file.Files.isDirectory(shm) || !java.nio.file.Files.isWritable(shm) || freeSpace(shm) < (3L << 30)) return null;
            base = shm;
        } else {
            base = Path.of(setting);
        }
        try {
            java.nio.file.Files.createDirectories(base);
            brokerLog = java.nio.file.Files.createTempDirectory(base, "spectratrack-demo-broker-");
            return brokerLog;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("broker.log-dir " + setting + ": cannot create a folder under " + base + ": " + e, e);
        }
    }

    private static long freeSpace(Path dir) {
        try {
            Path p = dir.toAbsolutePath();
            while (p != null && !java.nio.file.Files.exists(p)) p = p.getParent();
            return p == null ? -1 : java.nio.file.Files.getFileStore(p).getUsableSpace();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /**
     * The gateway's options from the {@code ingest.*} settings; with the job on {@code process-all}
     * the gateway processes every frame too (the demo then answers every frame, however late).
     */
    private static IngestOptions ingestOptions(DemoSettings s) {
        IngestOptions o = IngestOptions.from(AppConfig.of(s.section("ingest")));
        if ("process-all".equals(s.get("job.realtime.policy", "latest"))) {
            o = o.withPacing(new IngestOptions.Pacing(false, o.pacing().maxDelayMs()));
        }
        return o;
    }

    private void start(Stage stage) throws Exception {
        long t0 = System.nanoTime();
        stage.start();
        stages.add(stage);
        LOG.info("{} started in {} ms", stage.name(), (System.nanoTime() - t0) / 1_000_000);
    }

    private List<CameraFeed> feeds() {
        DemoSettings s = options.settings();
        if (options.dataDir() != null) return CameraFleet.replay(options.cameras(), options.dataDir());
        return CameraFleet.synthetic(options.cameras(), options.bands(), CameraFleet.Scenes.from(s));
    }

    private static Properties streamsProperties(String appId, String bootstrap, Map<String, String> overrides) {
        Properties p = StreamsSettings.defaults(appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Two frames of read-ahead per camera is plenty for a live demo (the default is 1000 records).
        p.putAll(StreamsSettings.boundedReadAhead(8));
        overrides.forEach((k, v) -> { if (!k.startsWith(AppConfig.PREFIX)) p.put(k, v); });
        return p;
    }

    private Map<String, Object> statusExtras() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelDescription);
        m.put("cameras", fleet == null ? 0 : fleet.cameras().size());
        m.put("warnings", warnings);
        return m;
    }

    public String progressLine() {
        long uptime = (System.currentTimeMillis() - live.startedMs()) / 1000;
        String job = stages.stream().filter(st -> st instanceof TrackingStage).map(Stage::progress)
                .filter(p -> !p.isEmpty() && !p.endsWith("RUNNING")).map(p -> " | " + p).findFirst().orElse("");
        return String.format(Locale.ROOT,
                "[%3ds] %5.1f frames/s (ingest lag p50 %s) | latency p50 %s p99 %s | %d active targets | %d updates | %d alerts | %d dropped%s",
                uptime, live.framesPerSecond(), ms(live.frameLag().recentPercentile(50, 100)),
                ms(live.latency().recentPercentile(50, 500)),
                ms(live.latency().recentPercentile(99, 500)), live.activeTargets(), live.updates(), live.alertCount(),
                live.framesWithoutUpdate() + truth.skippedAtCameras(), job);
    }

    private static String ms(long v) {
        return v < 0 ? "-" : v + " ms";
    }

    public DemoSummary summary() {
        return DemoSummary.of(live, truth);
    }

    public String dashboardUrl() { return dashboard.url(); }
    public int dashboardPort() { return dashboard.port(); }
    public LiveState live() { return live; }
    public GroundTruthLog truth() { return truth; }
    public List<String> warnings() { return warnings; }
    /** Whether a tracking job runs (false when no model engine could be had: frames flow, boxes do not). */
    public boolean trackingAvailable() { return trackingAvailable; }
    public String bootstrapServers() { return kafka.bootstrapServers(); }

    /** Waits until every camera has sent its {@code camera.max-frames} frames (forever when unlimited). */
    public void awaitCameras() throws InterruptedException {
        if (fleet != null) fleet.awaitEnd();
    }

    /** Stops the cameras and waits up to {@code drainMs} for the pipeline to answer what they sent. */
    public void stopCameras(long drainMs) throws InterruptedException {
        if (fleet != null) fleet.stop();
        long until = System.currentTimeMillis() + drainMs;
        long lastUpdates = -1;
        while (System.currentTimeMillis() < until) {
            long u = live.updates();
            if (u == lastUpdates && u > 0) break;
            lastUpdates = u;
            Thread.sleep(1000);
        }
    }

    @Override
    public void close() {
        if (fleet != null) fleet.close();
        if (dashboard != null) dashboard.close();
        if (watcher != null) watcher.close();
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("{} did not stop cleanly: {}", stages.get(i).name(), e.toString());
            }
        }
        if (warmModels != null) {
            try {
                warmModels.close();
            } catch (Exception e) {
                LOG.debug("model release: {}", e.toString());
            }
        }
        if (kafka != null) kafka.close();
        if (brokerLog != null && !ScratchDirectory.deleteQuietly(brokerLog)) LOG.debug("could not delete {}", brokerLog);
        if (checkpoints != null && !ScratchDirectory.deleteQuietly(checkpoints)) {
            LOG.debug("could not delete {}", checkpoints);
        }
    }
}
