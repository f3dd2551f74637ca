package io.spectratrack.flink;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.source.CommandDecoder;
import io.spectratrack.flink.source.CommandEnvelope;
import io.spectratrack.flink.source.FrameDecoder;
import io.spectratrack.flink.source.FrameEvent;
import io.spectratrack.flink.source.KafkaInput;
import io.spectratrack.flink.tracking.CameraTracker;
import io.spectratrack.flink.tracking.OutputTags;
import io.spectratrack.flink.tracking.TrackingEngine;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The tracking job: frames and track commands in, track updates, band telemetry and dead letters
 * out. Sources, sinks and the tracking engine come in through the constructor (flink-training
 * style) so tests run the same pipeline on their own broker, model or fake.
 *
 * <pre>
 * frames   --decode/validate--+--keyBy(camera)--> CameraTracker --> track.updates
 * commands --decode/validate--+                        |-- side --> band.telemetry
 *             |-- side: dead letters from all three ------------> frames.dlq / track.commands.dlq
 * </pre>
 */
public class TrackingJob {
    /** Stable operator ids: savepoints map state to these, so they must never change. */
    public static final String UID_FRAMES = "frames-source";
    public static final String UID_COMMANDS = "commands-source";
    public static final String UID_TRACKER = "camera-tracker";

    private final JobConfig config;
    private final Source<KafkaInput, ?, ?> frames;
    private final Source<KafkaInput, ?, ?> commands;
    private final Sink<TrackUpdate> updates;
    private final Sink<BandTelemetry> telemetry;
    private final Sink<DeadLetter> deadLetters;
    private final TrackingEngine engine;
    private final List<Integer> expectedBands;

    /** A job whose engine tracks {@code expectedBands}-band frames (0: any band count). */
    public TrackingJob(JobConfig config, Source<KafkaInput, ?, ?> frames, Source<KafkaInput, ?, ?> commands,
                       Sink<TrackUpdate> updates, Sink<BandTelemetry> telemetry, Sink<DeadLetter> deadLetters,
                       TrackingEngine engine, int expectedBands) {
        this(config, frames, commands, updates, telemetry, deadLetters, engine, expectedBands > 0 ? List.of(expectedBands) : List.of());
    }

    /**
     * A job whose engine tracks frames of the {@code expectedBands} band counts (empty: any); frames
     * of another go to the dead-letter topic.
     */
    public TrackingJob(JobConfig config, Source<KafkaInput, ?, ?> frames, Source<KafkaInput, ?, ?> commands,
                       Sink<TrackUpdate> updates, Sink<BandTelemetry> telemetry, Sink<DeadLetter> deadLetters,
                       TrackingEngine engine, List<Integer> expectedBands) {
        this.config = config;
        this.frames = frames;
        this.commands = commands;
        this.updates = updates;
        this.telemetry = telemetry;
        this.deadLetters = deadLetters;
        this.engine = engine;
        this.expectedBands = List.copyOf(expectedBands);
    }

    /** Checkpointing, state backend and restarts as configured: the basis of exactly-once. */
    public static Configuration flinkConfiguration(JobConfig c) {
        Configuration f = new Configuration();
        f.set(StateBackendOptions.STATE_BACKEND, c.get("state.backend"));
        f.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.duration("checkpoint.interval"));
        f.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        f.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // Always a file system: the frame buffer alone (a few multi-megabyte cubes per camera) is
        // beyond what JobManager-memory checkpoints accept (5 MB).
        String dir = c.get("checkpoint.dir");
        if (dir.isEmpty()) {
            dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "spectratrack-checkpoints").toUri().toString();
        }
        f.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        f.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        // A frame is megabytes: it fills its network buffers and goes at once, but the last partial
        // buffer would wait for the default 100 ms flush. Flush almost immediately instead.
        f.set(org.apache.flink.configuration.ExecutionOptions.BUFFER_TIMEOUT, c.duration("network.buffer-timeout"));
        // Local runs (MiniCluster): a multi-megabyte frame crosses the keyBy in 32 KB network buffers
        // by default, one hand-over (and, on a busy machine, one thread wake-up) each. Bigger
        // segments cut that a hundredfold. A cluster takes these from its own configuration.
        f.set(org.apache.flink.configuration.TaskManagerOptions.MEMORY_SEGMENT_SIZE,
                org.apache.flink.configuration.MemorySize.parse(c.get("network.segment-size")));
        f.set(org.apache.flink.configuration.TaskManagerOptions.NETWORK_MEMORY_MIN,
                org.apache.flink.configuration.MemorySize.parse("128mb"));
        f.set(org.apache.flink.configuration.TaskManagerOptions.NETWORK_MEMORY_MAX,
                org.apache.flink.configuration.MemorySize.parse("128mb"));
        // A tracker that fails is a lost feed: restart for as long as it takes (a broker that is
        // down for an hour must not leave the job FAILED), 1 s after the first failure, doubling up
        // to a minute, and back to 1 s once it has run an hour without failing. A single target's
        // failure does not restart anything (CameraTracker isolates it).
        f.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        f.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        f.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        f.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        f.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofHours(1));
        f.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        c.flinkPassThrough().forEach(f::setString);
        return f;
    }

    public static CameraTracker.Settings trackerSettings(JobConfig c) {
        return new CameraTracker.Settings(new CameraTracker.Pacing(c.realtimePolicy(), c.maxDelayMs()),
                new CameraTracker.Retention(c.targetTtlMs(), c.cameraTtlMs(), c.frameBuffer(), c.commandWaitMs(),
                        c.restartGapMs()),
                new CameraTracker.Limits(c.maxTargetsPerCamera(), c.frameBufferBytes()));
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        if (config.parallelism() > 0) env.setParallelism(config.parallelism());
        env.setMaxParallelism(config.maxParallelism());
        Duration ooo = config.duration("watermark.out-of-orderness");

        SingleOutputStreamOperator<FrameEvent> frameEvents = env
                .fromSource(frames, WatermarkStrategy.noWatermarks(), "frames")
                .uid(UID_FRAMES)
                .process(new FrameDecoder(expectedBands)).name("decode frames").uid("frame-decoder")
                .returns(TypeInformation.of(FrameEvent.class));
        DataStream<FrameEvent> timedFrames = frameEvents.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<FrameEvent>forBoundedOutOfOrderness(ooo)
                                .withTimestampAssigner((f, ts) -> f.captureTimeMs)
                                .withIdleness(Duration.ofSeconds(30)))
                .name("capture-time watermarks").uid("frame-watermarks");

        SingleOutputStreamOperator<CommandEnvelope> commandEvents = env
                .fromSource(commands, WatermarkStrategy.<KafkaInput>forBoundedOutOfOrderness(ooo)
                        .withTimestampAssigner((r, ts) -> r.timestampMs)
                        .withIdleness(Duration.ofSeconds(30)), "track commands")
                .uid(UID_COMMANDS)
                .process(new CommandDecoder()).name("decode commands").uid("command-decoder")
                .returns(TypeInformation.of(CommandEnvelope.class));

        SingleOutputStreamOperator<TrackUpdate> tracked = timedFrames
                .connect(commandEvents)
                .keyBy(f -> f.cameraId, c -> c.cameraId, TypeInformation.of(String.class))
                .process(new CameraTracker(engine, trackerSettings(config)), OutputTags.UPDATE_TYPE)
                .name("track targets").uid(UID_TRACKER);

        tracked.sinkTo(updates).name("track.updates").uid("updates-sink");
        tracked.getSideOutput(OutputTags.TELEMETRY).sinkTo(telemetry).name("band.telemetry").uid("telemetry-sink");
        frameEvents.getSideOutput(DeadLetters.TAG)
                .union(commandEvents.getSideOutput(DeadLetters.TAG), tracked.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters).name("dead letters").uid("dlq-sink");
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(config.get("job.name"));
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(config.get("job.name"));
    }
}
