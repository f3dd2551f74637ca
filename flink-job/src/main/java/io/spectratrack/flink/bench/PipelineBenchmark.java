package io.spectratrack.flink.bench;

import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticSequence;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.flink.TrackingJob;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.ModelTrackingEngine;
import io.spectratrack.flink.tracking.TrackingEngine;
import io.spectratrack.geometry.Box;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.topics.Topics;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.tracking.FusionMode;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.TargetTrack;
import io.spectratrack.tracking.TrackStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Frames per second through Kafka and Flink with the model against the model alone (the offline
 * tracker with the same SavedModel and settings) on the same frames, in one run; then the
 * capture-to-emit latency at a sustainable rate. Everything in this process: an in-process
 * broker, a local Flink MiniCluster, synthetic cameras.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
        description = "Pipeline (Kafka + Flink + model) vs model-alone throughput, and latency p50/p99 at a sustainable rate.")
public class PipelineBenchmark implements Callable<Integer> {

    @Option(names = "--model", description = "SavedModel directory or shipped:NAME (default: the model shipped for --bands, else an untrained lite export).")
    String model;

    @Option(names = "--bands", defaultValue = "16", description = "Bands of the cameras when no --model is given (default ${DEFAULT-VALUE}).")
    int bands;

    @Option(names = "--cameras", defaultValue = "2", description = "Synthetic cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--targets", defaultValue = "2", description = "Targets per camera (default ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--frames", defaultValue = "100", description = "Frames per camera (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "256x192", description = "Frame width x height (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = {"-p", "--parallelism"}, defaultValue = "1", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--rate-fraction", defaultValue = "0.7",
            description = "Latency run: offered load as a fraction of the measured pipeline throughput (default ${DEFAULT-VALUE}).")
    double rateFraction;

    @Option(names = "--set", description = "Extra job setting key=value (repeatable).")
    Map<String, String> extra = new HashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    private record Cam(String id, List<SpectralCube> frames, List<Box> boxes) {}

    @Override
    public Integer call() throws Exception {
        Path modelDir = model != null ? ModelFiles.resolve(model) : ModelFiles.shippedOrUntrained(bands, ModelFiles.UNTRAINED_CACHE);
        int b = ModelFiles.bands(modelDir);
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        log("model %s (%d bands); %d cameras x %d targets x %d frames of %dx%d; parallelism %d",
                modelDir, b, cameras, targets, frames, w, h, parallelism);

        List<Cam> cams = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            SyntheticSequence seq = SyntheticVideo.sequence(SceneSpec.of(b, frames).withSize(w, h), 17, c);
            List<SpectralCube> fs = new ArrayList<>();
            for (int i = 0; i < frames; i++) fs.add(seq.frame(i));
            List<Box> boxes = new ArrayList<>();
            Box gt = seq.box(0);
            for (int t = 0; t < targets; t++) boxes.add(new Box(gt.x() + 3 * t, gt.y() + 2 * t, gt.width(), gt.height()));
            cams.add(new Cam("bench-cam-" + c, fs, boxes));
        }

        double modelFps = modelAlone(cams, modelDir);
        log("model alone: %.2f frames/s (%d camera-frames)", modelFps, cameras * frames);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Result thr = pipeline(kafka, cams, modelDir, b, "thr", 0, null);
            // The host is shared: measure the model alone again right after, and compare with the mean.
            double modelAfter = modelAlone(cams, modelDir);
            log("model alone again: %.2f frames/s", modelAfter);
            double modelBefore = modelFps;
            modelFps = (modelBefore + modelAfter) / 2;
            log("pipeline: %.2f frames/s steady (%.2f incl. start-up) = %.1f%% of model alone",
                    thr.fps, thr.fpsWall, 100 * thr.fps / modelFps);
            double rate = Math.max(0.5, rateFraction * thr.fps);
            Result lat = pipeline(kafka, cams, modelDir, b, "lat", rate, null);
            // The same pipeline without the model: what Kafka + Flink cost per frame on these cores.
            Result plumbing = pipeline(kafka, cams, modelDir, b, "plumbing", 0, new NoModelEngine(b));
            log("without the model: %.2f frames/s", plumbing.fps);
            // On cores the model already fills, the two costs add: 1 / (1/model + 1/plumbing).
            double serial = 1 / (1 / modelFps + 1 / plumbing.fps);
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| model alone (offline tracker, same frames), before / after the pipeline run | %.2f / %.2f frames/s (mean %.2f) |%n",
                    modelBefore, modelAfter, modelFps);
            System.out.printf(Locale.ROOT, "| Kafka + Flink + model, steady state | %.2f frames/s (%.1f%% of model alone) |%n",
                    thr.fps, 100 * thr.fps / modelFps);
            System.out.printf(Locale.ROOT, "| Kafka + Flink + model, including job start-up | %.2f frames/s |%n", thr.fpsWall);
            System.out.printf(Locale.ROOT, "| Kafka + Flink, no model (same frames, state, sinks) | %.2f frames/s |%n", plumbing.fps);
            System.out.printf(Locale.ROOT, "| if model and plumbing costs simply add on these cores: 1/(1/model + 1/plumbing) | %.2f frames/s (%.1f%% of model alone) |%n",
                    serial, 100 * serial / modelFps);
            System.out.printf(Locale.ROOT, "| capture-to-emit latency at %.2f frames/s offered | p50 %d ms, p99 %d ms, max %d ms |%n",
                    rate, lat.p50, lat.p99, lat.max);
            System.out.printf(Locale.ROOT, "| updates emitted (latency run) | %d of %d |%n", lat.updates, cameras * targets * frames);
        }
        return 0;
    }

    /** The offline tracker on the same frames: per camera, every target of a frame in one batch. */
    private double modelAlone(List<Cam> cams, Path dir) {
        try (BcrNetSiameseModel m = BcrNetSiameseModel.load(dir, DeviceConfig.parse(extra.getOrDefault("model.device", "auto")))) {
            SiameseTracker tracker = new SiameseTracker(m, ModelTrackingEngine.trackerConfig(m.metadata(),
                    FusionMode.IMPORTANCE_WEIGHTED));
            List<List<TargetTrack>> state = new ArrayList<>();
            for (Cam c : cams) state.add(tracker.start(c.frames.get(0), 0, ids(), c.boxes));
            // Warm-up: the first calls compile kernels.
            for (int i = 1; i < Math.min(4, frames); i++) tracker.step(cams.get(0).frames.get(i), i, state.get(0));
            long t0 = System.nanoTime();
            int n = 0;
            for (int i = 1; i < frames; i++) {
                for (int c = 0; c < cams.size(); c++) {
                    List<TrackStep> steps = tracker.step(cams.get(c).frames.get(i), i, state.get(c));
                    state.set(c, steps.stream().map(TrackStep::next).toList());
                    n++;
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < targets; t++) ids.add("t" + t);
        return ids;
    }

    private record Result(double fps, double fpsWall, long p50, long p99, long max, int updates) {}

    /** One job run on its own topics; {@code rate == 0}: frames pre-loaded, as fast as possible. */
    /** {@code engine} null: the model (ModelTrackingEngine from the job configuration). */
    private Result pipeline(EmbeddedKafka kafka, List<Cam> cams, Path modelDir, int b, String name, double rate,
                            TrackingEngine engine) throws Exception {
        String prefix = "bench." + name + ".";
        String frames = prefix + Topics.FRAMES;
        String commands = prefix + Topics.TRACK_COMMANDS;
        String updates = prefix + Topics.TRACK_UPDATES;
        kafka.createTopics(Math.max(1, cameras), frames, commands, updates, prefix + Topics.BAND_TELEMETRY,
                Topics.deadLetter(frames), Topics.deadLetter(commands));
        Map<String, String> cfgMap = new HashMap<>(Map.of(
                "kafka.bootstrap", kafka.bootstrapServers(),
                "kafka.transactional-id-prefix", "bench-" + name,
                "kafka.starting-offsets", "earliest",
                "topic.frames", frames, "topic.commands", commands, "topic.updates", updates,
                "topic.telemetry", prefix + Topics.BAND_TELEMETRY,
                "model.dir", modelDir.toString(),
                "realtime.policy", "process-all",
                "parallelism", String.valueOf(parallelism)));
        cfgMap.put("checkpoint.interval", "PT2S");
        cfgMap.putAll(extra);
        JobConfig cfg = JobConfig.of(cfgMap);

        int expected = cams.size() * targets * this.frames;
        try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
            for (Cam c : cams) {
                for (int t = 0; t < targets; t++) {
                    Box bx = c.boxes.get(t);
                    TrackCommand cmd = TrackCommand.newBuilder().setCameraId(c.id).setTargetId("t" + t).setType(CommandType.START)
                            .setFrameIndex(0).setBox(new BoundingBox(bx.x(), bx.y(), bx.width(), bx.height()))
                            .setIssuedAtMs(Instant.now()).setCommandId(UUID.randomUUID().toString()).build();
                    send(p, commands, c.id, AvroCodec.of(TrackCommand.class).encode(cmd));
                }
            }
            // Frame 0 only: the targets start before the rest arrives. Were every frame pre-loaded, the
            // frames source could run more than state.frame-buffer frames ahead of the commands, and
            // a START whose frame was already evicted goes to the dead-letter topic (the run would
            // then never end).
            if (rate == 0) for (Cam c : cams) send(p, frames, c.id, encode(c, 0, System.currentTimeMillis()));
        }
        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), engine != null ? engine : ModelTrackingEngine.fromConfig(cfg), b);
        long start = System.currentTimeMillis();
        JobClient client = job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment(TrackingJob.flinkConfiguration(cfg)));
        Thread feed = null;
        long loadedMs = 0;
        if (rate == 0) {
            readCommitted(kafka, updates, cams.size() * targets, Duration.ofMinutes(5));
            try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
                for (int i = 1; i < this.frames; i++) for (Cam c : cams) send(p, frames, c.id, encode(c, i, System.currentTimeMillis()));
            }
            loadedMs = System.currentTimeMillis();
        } else {
            // Cameras in real time: capture time = send time, one frame of every camera per tick.
            long periodNanos = (long) (1e9 * cams.size() / rate);
            feed = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
                    Thread.sleep(15_000); // let the job start and load the model first
                    long next = System.nanoTime();
                    for (int i = 0; i < this.frames; i++) {
                        for (Cam c : cams) send(p, frames, c.id, encode(c, i, System.currentTimeMillis()));
                        next += periodNanos;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-cameras");
            feed.start();
        }
        List<TrackUpdate> out = readCommitted(kafka, updates, expected, Duration.ofMinutes(20));
        long end = System.currentTimeMillis();
        client.cancel().get();
        if (feed != null) feed.interrupt();

        // Steady state: camera-frames (all targets of a frame in one batch) emitted between the first
        // and the last emit after every frame was in Kafka (the producer no longer shares the CPU).
        long since = loadedMs;
        long[] emit = out.stream().filter(u -> u.getFrameIndex() > 0).mapToLong(u -> u.getCaptureTimeMs().toEpochMilli() + u.getLatencyMs())
                .filter(t -> t >= since).sorted().toArray();
        long[] lat = out.stream().filter(u -> u.getFrameIndex() > 0).mapToLong(TrackUpdate::getLatencyMs).sorted().toArray();
        int cameraFrames = out.size() / Math.max(1, targets);
        double steadyFrames = (double) emit.length / Math.max(1, targets) - 1;
        double fps = emit.length < 2 * targets ? 0 : steadyFrames / ((emit[emit.length - 1] - emit[0]) / 1000.0);
        double wall = cameraFrames / ((end - start) / 1000.0);
        return new Result(fps, wall, pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1], out.size());
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Frame {@code i} as the ingest gateway writes it: 16-bit words (1.5 MB for 16 x 256 x 192). */
    private static byte[] encode(Cam c, int i, long captureMs) {
        var cube = c.frames.get(i);
        HyperspectralFrame f = FrameCubes.toFrame(new FrameCubes.Header(c.id, i, captureMs, cube.bands(), cube.height(), cube.width()),
                io.spectratrack.avro.SampleType.UINT16, io.spectratrack.cube.SampleFormat.UINT16.encode(cube.data(), 16), List.of(), true);
        return AvroCodec.of(HyperspectralFrame.class).encode(f);
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = kafka.clientProperties();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("max.request.size", String.valueOf(Topics.MAX_RECORD_BYTES));
        p.put("linger.ms", "0");
        return new KafkaProducer<>(p);
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) {
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static List<TrackUpdate> readCommitted(EmbeddedKafka kafka, String topic, int expected, Duration timeout) {
        Properties p = kafka.clientProperties();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("group.id", "bench-" + UUID.randomUUID());
        List<TrackUpdate> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + timeout.toNanos();
            long lastLog = System.nanoTime();
            while (out.size() < expected && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(AvroCodec.of(TrackUpdate.class).decode(r.value()));
                }
                if (System.nanoTime() - lastLog > 10e9) {
                    log("  %d of %d updates committed", out.size(), expected);
                    lastLog = System.nanoTime();
                }
            }
        }
        return out;
    }

    private static void log(String fmt, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, fmt, args));
    }
}
