package io.spectratrack.flink.config;

import io.spectratrack.topics.Topics;
import io.spectratrack.tracking.TrackerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the tracking job, typed, with its default and a one-line reason. Values come
 * from a properties file ({@code config/flink-job.properties}) and then from command-line
 * overrides ({@code key=value}); unknown keys are an error so that a typo cannot silently fall
 * back to a default.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * What to do when the job falls behind real time: {@code latest} tracks each camera's newest
     * frame and skips the ones overtaken (live cameras; see {@code CameraTracker}), {@code process-all} tracks every frame
     * however late (offline runs, tests). {@code drop-stale}, the policy of earlier releases, is
     * read as {@code latest}.
     */
    public enum RealtimePolicy { LATEST, PROCESS_ALL;
        public static RealtimePolicy parse(String s) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            return switch (n) {
                case "latest", "drop-stale" -> LATEST;
                case "process-all" -> PROCESS_ALL;
                default -> throw new IllegalArgumentException("realtime.policy must be latest or process-all, got '" + s + "'");
            };
        }
    }

    /** Keys of earlier releases, with what replaced them: named in the error instead of "unknown". */
    private static final Map<String, String> REPLACED = Map.of(
            "realtime.max-lag", "realtime.max-delay (a frame's wait beyond its camera's fastest transit, not its age: "
                    + "camera clocks need not agree with the TaskManager's)");

    /** One option: key, default, description. The list below is the one home of defaults. */
    public record Option(String key, String defaultValue, String description) implements Serializable {}

    public static final List<Option> OPTIONS = List.of(
            new Option("kafka.bootstrap", "localhost:9092", "Kafka bootstrap servers."),
            new Option("kafka.group-id", "spectratrack-tracker", "Consumer group of the job's sources (offsets live in checkpoints; the group is for monitoring)."),
            new Option("kafka.transactional-id-prefix", "spectratrack-tracker", "Prefix of the sink's transactional ids; unique per job on a cluster."),
            new Option("kafka.transaction-timeout", "PT5M", "Kafka transaction timeout; must exceed checkpoint interval plus recovery time and stay below the broker's max."),
            new Option("kafka.starting-offsets", "committed-or-earliest", "Where a fresh job starts reading: earliest, latest or committed-or-earliest."),
            new Option("kafka.bounded", "false", "true: read up to the end offsets present at start, then finish (offline runs, benchmarks, tests)."),
            new Option("topic.frames", Topics.FRAMES, "Input: calibrated cubes."),
            new Option("topic.commands", Topics.TRACK_COMMANDS, "Input: operator commands."),
            new Option("topic.updates", Topics.TRACK_UPDATES, "Output: boxes."),
            new Option("topic.telemetry", Topics.BAND_TELEMETRY, "Output: band importance per target and frame."),
            new Option("model.dir", "", "SavedModel directory, or shipped:NAME for a model shipped in model-runtime "
                    + "(shipped:bcrnet-lite-16, shipped:bcrnet-lite-25), tracking frames of its band count; empty: the shipped model "
                    + "for each frame's band count (16 and 25)."),
            new Option("model.device", "auto", "auto, cpu or gpu:N."),
            new Option("model.max-batch", "8", "Largest batch the model host sends to the model; a GPU wants full batches."),
            new Option("model.max-wait", "PT0.002S", "How long the host waits for more requests once one is queued; bounds the latency batching adds."),
            new Option("tracker.fusion", "importance-weighted", "Branch fusion: importance-weighted (the paper) or uniform."),
            new Option("tracker.spectral-weight", String.valueOf(TrackerConfig.SPECTRAL_WEIGHT),
                    "Weight of each target's spectral signature (learned when it is marked) against the network's score, 0..1; 0 = the network's score alone."),
            new Option("tracker.extent-rate", String.valueOf(TrackerConfig.EXTENT_RATE),
                    "Rate at which each box follows the target's extent as its spectral signature sees it, 0..1; 0 = the network's box alone."),
            new Option("realtime.policy", "latest", "latest: track frames that come on time as they come and, of late ones, each "
                    + "camera's newest whenever the tracker is free; skip the rest and count them on each target's next update (live "
                    + "cameras); process-all: track every frame however late (offline, tests)."),
            new Option("realtime.max-delay", "PT0.5S", "Under latest, how long a frame may wait beyond its camera's fastest "
                    + "transit: within half of it a frame is tracked as it comes; later, it waits and the newest waiting frame is "
                    + "taken; beyond it (queued in Kafka) it is skipped at once but for a thinning of the backlog."),
            new Option("state.target-ttl", "PT10M", "A target whose camera sent no frame for this long is removed."),
            new Option("state.camera-ttl", "PT10M", "A camera silent this long loses all its state (targets, buffered frames, pending commands)."),
            new Option("state.frame-buffer", "4", "Recent frames kept per camera so a START naming a frame that already passed can still initialise."),
            new Option("state.frame-buffer-bytes", "256mb", "Bound on the recent frames held per subtask over all cameras (camera ids come from outside); beyond it the oldest go first."),
            new Option("state.max-targets-per-camera", "32", "Targets a camera may have tracked or waiting; a START beyond goes to the dead-letter topic (too-many-targets)."),
            new Option("state.command-wait", "PT30S", "How long a START/REINIT waits for its frame before it goes to the dead-letter topic."),
            new Option("state.camera-restart-gap", "PT2S", "A camera whose frame counter goes back after it was silent this long restarted (without a bootId on its frames): its targets are tracked on the new run's frames."),
            new Option("state.backend", "rocksdb", "rocksdb or hashmap."),
            new Option("checkpoint.interval", "PT1S", "Checkpoint (and Kafka commit) interval; output becomes visible to read_committed readers at this pace. Frames are not in checkpoints, so a short one is cheap."),
            new Option("checkpoint.dir", "", "Checkpoint storage URI (empty: <java.io.tmpdir>/spectratrack-checkpoints, fine for one machine; shared storage on a real cluster)."),
            new Option("network.buffer-timeout", "PT0.001S", "Flush interval of network buffers; a frame's last partial buffer waits at most this long (Flink's default 100 ms adds that to every frame)."),
            new Option("network.segment-size", "1mb", "Network buffer size for local runs (MiniCluster); frames are megabytes, Flink's 32kb default moves them in 100 pieces."),
            new Option("watermark.out-of-orderness", "PT1S", "Bounded out-of-orderness of capture times."),
            new Option("parallelism", "0", "Job parallelism; 0 takes the environment's (Flink CLI -p, parallelism.default; 1 locally)."),
            new Option("max-parallelism", "128", "Fixed key-group count; must never change for a job whose savepoints are kept."),
            new Option("job.name", "spectratrack-tracker", "Flink job name.")
    );

    /** {@code flink.<key>=value} passes any Flink configuration key through (e.g. flink.rest.port). */
    public static final String FLINK_PREFIX = "flink.";

    private final Map<String, String> values;

    private JobConfig(Map<String, String> values) {
        this.values = values;
    }

    public static JobConfig defaults() {
        return of(Map.of());
    }

    /** Defaults overridden by {@code overrides}; unknown keys and bad values fail with a message. */
    public static JobConfig of(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : OPTIONS) v.put(o.key(), o.defaultValue());
        List<String> unknown = new ArrayList<>();
        overrides.forEach((k, val) -> {
            if (k.startsWith(FLINK_PREFIX)) v.put(k, val.trim());
            else if (REPLACED.containsKey(k)) {
                throw new IllegalArgumentException("job setting " + k + " was replaced by " + REPLACED.get(k));
            } else if (!v.containsKey(k)) unknown.add(k);
            else v.put(k, val.trim());
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown job setting(s) " + unknown + "; known: " + v.keySet());
        }
        JobConfig c = new JobConfig(v);
        c.validate();
        return c;
    }

    public static JobConfig load(Path file, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> all = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        all.putAll(overrides);
        return of(all);
    }

    public JobConfig with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return of(m);
    }

    private void validate() {
        // Parse everything once so a bad value fails at start-up with its key, not mid-run.
        for (String k : values.keySet()) {
            if (k.startsWith(FLINK_PREFIX)) continue;
            String s = values.get(k);
            try {
                if (k.endsWith("ttl") || k.endsWith("wait") || k.endsWith("delay") || k.endsWith("interval")
                        || k.endsWith("timeout") || k.endsWith("out-of-orderness") || k.endsWith("gap")) {
                    duration(k);
                } else if (k.equals("state.frame-buffer-bytes")) {
                    frameBufferBytes();
                } else if (k.equals("model.max-batch") || k.equals("state.frame-buffer") || k.endsWith("parallelism")
                        || k.equals("state.max-targets-per-camera")) {
                    int n = integer(k);
                    if (n < (k.equals("state.frame-buffer") || k.equals("parallelism") ? 0 : 1)) throw new IllegalArgumentException("too small");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad value '" + s + "' for " + k + ": " + e.getMessage(), e);
            }
        }
        realtimePolicy();
        unitInterval("tracker.spectral-weight");
        unitInterval("tracker.extent-rate");
        if (!List.of("rocksdb", "hashmap").contains(get("state.backend"))) {
            throw new IllegalArgumentException("state.backend must be rocksdb or hashmap, got " + get("state.backend"));
        }
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("no such setting " + key);
        return v;
    }

    public int integer(String key) { return Integer.parseInt(get(key)); }

    /** ISO-8601 ({@code PT5S}) or a plain number of milliseconds. */
    public Duration duration(String key) {
        String s = get(key);
        return s.matches("\\d+") ? Duration.ofMillis(Long.parseLong(s)) : Duration.parse(s);
    }

    public Map<String, String> asMap() { return new LinkedHashMap<>(values); }

    /** The {@code flink.*} pass-through settings, prefix removed. */
    public Map<String, String> flinkPassThrough() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> { if (k.startsWith(FLINK_PREFIX)) m.put(k.substring(FLINK_PREFIX.length()), v); });
        return m;
    }

    public String bootstrap() { return get("kafka.bootstrap"); }
    public boolean bounded() { return Boolean.parseBoolean(get("kafka.bounded")); }
    public RealtimePolicy realtimePolicy() { return RealtimePolicy.parse(get("realtime.policy")); }
    public long maxDelayMs() { return duration("realtime.max-delay").toMillis(); }
    public long targetTtlMs() { return duration("state.target-ttl").toMillis(); }
    public long cameraTtlMs() { return duration("state.camera-ttl").toMillis(); }
    public int frameBuffer() { return integer("state.frame-buffer"); }
    public long commandWaitMs() { return duration("state.command-wait").toMillis(); }
    public int maxTargetsPerCamera() { return integer("state.max-targets-per-camera"); }
    public long frameBufferBytes() { return org.apache.flink.configuration.MemorySize.parse(get("state.frame-buffer-bytes")).getBytes(); }
    public long restartGapMs() { return duration("state.camera-restart-gap").toMillis(); }
    public int maxBatch() { return integer("model.max-batch"); }
    public double spectralWeight() { return Double.parseDouble(get("tracker.spectral-weight")); }
    public double extentRate() { return Double.parseDouble(get("tracker.extent-rate")); }

    /** Checks that setting {@code key} is a number in [0, 1]. */
    private void unitInterval(String key) {
        double v;
        try {
            v = Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + get(key) + "' for " + key + ": not a number", e);
        }
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(key + " must be in [0, 1], got " + get(key));
    }
    public long maxWaitMicros() { return duration("model.max-wait").toNanos() / 1000; }
    public int parallelism() { return integer("parallelism"); }
    public int maxParallelism() { return integer("max-parallelism"); }

    @Override
    public String toString() { return values.toString(); }
}
