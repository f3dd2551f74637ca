package io.spectratrack.flink.tracking;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.DeadLetters;
import io.spectratrack.flink.config.JobConfig.RealtimePolicy;
import io.spectratrack.flink.source.CommandEnvelope;
import io.spectratrack.flink.source.FrameEvent;
import io.spectratrack.geometry.Box;
import io.spectratrack.pacing.FrameOrder;
import io.spectratrack.pacing.FramePace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every target of one camera (the key). Frames and commands arrive on two topics whose
 * relative order is not guaranteed, so both sides wait for each other: recent frames are kept so
 * a START naming a frame that already passed can initialise (and catch up through the frames
 * since), and a START naming a frame not yet seen waits for it. All targets of a frame go to the
 * model in one call so the model host can batch them.
 *
 * <p>Live cameras run ahead of the tracker when it cannot afford every frame. Under the
 * {@code latest} policy a frame that reaches the tracker on time (its {@link FramePace} delay
 * within half of {@code realtime.max-delay}) is tracked as it arrives. A late one is not: it
 * becomes its camera's {@link NewestFrame}, replacing (and counting as skipped) an older one still
 * waiting, and a processing-time timer 1 ms later tracks whichever frame is newest by then. Arriving frames cost
 * microseconds and timers run between records, so while the tracker was busy every frame that
 * queued up behind it is read within that millisecond and only the newest is tracked: the
 * tracker always works on its cameras' newest frames, each camera gets its turn (a timer per
 * camera), and no clock is compared with another. Each target's next update reports the frames
 * skipped before it as {@code framesSkipped}. The conflation sees only the frames that reached
 * the operator; when more wait in Kafka (the sources themselves fall behind), each camera's
 * {@link FramePace} skips frames that waited more than {@code realtime.max-delay} beyond the
 * camera's fastest transit at once (all but a thinning of the backlog), so latency stays bounded.
 * Under {@code process-all} every frame is tracked as it arrives.
 *
 * <p>State per camera: targets ({@code MapState<targetId, TargetState>}), pending commands, the
 * pace, the last frame index (duplicates and out-of-order frames are skipped, never tracked twice)
 * and one clean-up timer; the recent frames are on the heap ({@link RecentFrames}), not in
 * checkpoints. STOP removes a target; when a camera has neither targets nor pending commands left
 * its whole state goes, and a camera or target that goes quiet is removed by the TTL timer.
 * Nothing outlives its use.
 */
public class CameraTracker extends KeyedCoProcessFunction<String, FrameEvent, CommandEnvelope, TrackUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CameraTracker.class);

    /** Knobs of the keyed logic (a subset of JobConfig so harness tests can set them directly). */
    public record Settings(Pacing pacing, Retention retention, Limits limits) implements java.io.Serializable {}

    /**
     * Bounds on what ids from outside may make the tracker keep: targets per camera (a START beyond
     * goes to the dead-letter topic) and bytes of recent frames per subtask ({@link RecentFrames}).
     */
    public record Limits(int maxTargetsPerCamera, long frameBufferBytes) implements java.io.Serializable {
        public static Limits defaults() {
            return new Limits(32, 256L << 20);
        }
    }

    /**
     * Which frames are tracked: all of them, or each camera's newest ({@link NewestFrame}) among
     * those its {@link FramePace} admits within {@code maxDelayMs}.
     */
    public record Pacing(RealtimePolicy policy, long maxDelayMs) implements java.io.Serializable {}

    /** How long a frame waits for frames queued behind it before the tracker takes the newest. */
    static final long CONFLATION_MS = 1;

    /** How long what is kept per camera lives. */
    public record Retention(long targetTtlMs, long cameraTtlMs, int frameBuffer, long commandWaitMs, long restartGapMs)
            implements java.io.Serializable {}

    private final TrackingEngine engine;
    private final Settings settings;

    private transient MapState<String, TargetState> targets;
    private transient ValueState<NewestFrame> newest;
    private transient RecentFrames recentFrames;
    private transient MapState<String, CommandEnvelope> pending;
    private transient ValueState<Long> lastFrameIndex;
    /** The boot id of the camera's current run, for cameras that report one. */
    private transient ValueState<Long> bootId;
    private transient ValueState<Long> lastSeenMs;
    private transient ValueState<Long> timerAt;

    private transient TargetTracking tracking;
    private transient Meter frameRate;
    private transient Counter frames;
    private transient Counter skipped;
    private transient Counter duplicates;
    private transient Counter outOfOrder;
    private transient Counter deadLetters;
    private transient Counter updates;
    private transient Counter bandChanges;
    /** Re-acquisitions: boxes from a neighbouring window (redetections) or the recall window (recalls). */
    private transient Counter redetections;
    private transient Counter recalls;
    /** Targets whose start or step threw (each also a dead letter). */
    private transient Counter stepFailures;
    private transient Counter cameraRestarts;
    private transient Histogram latency;
    private transient Histogram modelTime;
    private transient Histogram targetsPerCall;
    /** Targets per camera of this subtask, for the activeTargets gauge (refreshed whenever a camera is touched). */
    private transient Map<String, Integer> activeByCamera;

    public CameraTracker(TrackingEngine engine, Settings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        targets = getRuntimeContext().getMapState(new MapStateDescriptor<>("targets", Types.STRING, OutputTags.STATE_TYPE));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-frame", TypeInformation.of(NewestFrame.class)));
        recentFrames = new RecentFrames(settings.retention().frameBuffer(), settings.limits().frameBufferBytes());
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-commands", Types.STRING,
                TypeInformation.of(CommandEnvelope.class)));
        lastFrameIndex = getRuntimeContext().getState(new ValueStateDescriptor<>("last-frame-index", Types.LONG));
        bootId = getRuntimeContext().getState(new ValueStateDescriptor<>("boot-id", Types.LONG));
        lastSeenMs = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen-ms", Types.LONG));
        timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));

        tracking = engine.open();
        var g = getRuntimeContext().getMetricGroup();
        frames = g.counter("frames");
        frameRate = g.meter("framesPerSecond", new MeterView(frames));
        skipped = g.counter("skippedFrames");
        duplicates = g.counter("duplicateFrames");
        outOfOrder = g.counter("outOfOrderFrames");
        deadLetters = g.counter("deadLetters");
        updates = g.counter("trackUpdates");
        bandChanges = g.counter("bandCountChanges");
        redetections = g.counter("redetections");
        recalls = g.counter("recalls");
        stepFailures = g.counter("trackingFailures");
        cameraRestarts = g.counter("cameraRestarts");
        latency = g.histogram("captureToEmitLatencyMs", new DescriptiveStatisticsHistogram(2048));
        modelTime = g.histogram("modelTimeMs", new DescriptiveStatisticsHistogram(2048));
        targetsPerCall = g.histogram("targetsPerModelCall", new DescriptiveStatisticsHistogram(2048));
        if (tracking.batchSizes() != null) g.histogram("modelBatchSize", tracking.batchSizes());
        tracking.batchSizesByBands().forEach((bands, h) -> g.addGroup("bands", bands.toString()).histogram("modelBatchSize", h));
        activeByCamera = new HashMap<>();
        g.gauge("activeTargets", () -> activeByCamera.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Override
    public void close() {
        if (tracking != null) {
            tracking.close();
            tracking = null;
        }
    }

    // ---------------------------------------------------------------- frames

    @Override
    public void processElement1(FrameEvent frame, Context ctx, Collector<TrackUpdate> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Long last = lastFrameIndex.value();
        Long seen = lastSeenMs.value();
        FrameOrder.Verdict order = FrameOrder.judge(last == null ? null : new FrameOrder.Last(
                        java.util.Objects.requireNonNullElse(bootId.value(), 0L), last, seen == null ? -1 : seen),
                frame.bootId, frame.frameIndex, now, settings.retention().restartGapMs());
        if (order == FrameOrder.Verdict.REPEAT) {
            // Replays after a recovery or a producer retry: never track a frame twice.
            (frame.frameIndex == last ? duplicates : outOfOrder).inc();
            LOG.debug("{} skipped: {} (last processed {})", frame, frame.frameIndex == last ? "duplicate" : "out of order", last);
            return;
        }
        if (order == FrameOrder.Verdict.RESTART) cameraRestarted(frame, last, ctx);
        if (frame.bootId != 0 || bootId.value() != null) bootId.update(frame.bootId);
        frames.inc();
        lastFrameIndex.update(frame.frameIndex);
        lastSeenMs.update(now);
        recentFrames.add(frame);
        NewestFrame n = newestFrame();

        SpectralCube cube = null;
        if (!pending.isEmpty()) {
            cube = frame.cube();
            startPendingOn(frame, cube, n, now, ctx, out); // targets started here are on this frame already
        }
        // Read once: with RocksDB each read deserialises every target's state, template included.
        List<TargetState> due = targetsBefore(frame.frameIndex);
        if (due.isEmpty()) {
            // Nobody to track, or only targets started on this very frame: nothing waits.
        } else if (settings.pacing().policy() == RealtimePolicy.PROCESS_ALL) {
            trackOn(frame, cube, due, n, now, ctx, out);
        } else if (n.pace.admit(frame.captureTimeMs, now, settings.pacing().maxDelayMs(), false) == FramePace.Verdict.SKIP) {
            // Far behind (queued in Kafka, beyond what the conflation below sees): skipped at once.
            // Behind a waiting frame it is reported after that one's update, in frame order.
            if (n.waiting != null) n.skippedBehindWaiting++;
            else n.skippedFrames++;
            skipped.inc();
        } else if (n.pace.lastDelayMs <= settings.pacing().maxDelayMs() / 2 && n.waiting == null) {
            // On time (frames that come in bursts, as the gateway's transactions commit them, are
            // on time too): tracked now, as under process-all.
            trackOn(frame, cube, due, n, now, ctx, out);
        } else {
            // Late: it waits for the tracker, and a newer frame that comes first replaces it.
            if (n.waiting != null) {
                // A newer frame came before the tracker took the waiting one: that one is skipped.
                n.skippedFrames += 1 + n.skippedBehindWaiting;
                n.skippedBehindWaiting = 0;
                skipped.inc();
            }
            n.waiting = frame.frameIndex;
            if (n.timerAt == null) {
                n.timerAt = now + CONFLATION_MS;
                ctx.timerService().registerProcessingTimeTimer(n.timerAt);
            }
        }
        newest.update(n);
        refreshActive(ctx.getCurrentKey());
        scheduleCleanup(ctx, now);
    }

    /**
     * The camera restarted and counts its frames from the start again (FrameOrder): its targets
     * stay (the scene and their templates are the same) and are tracked on the new run's frames;
     * what was kept by frame index (recent frames, the waiting frame, the pace of the old clock)
     * belongs to the old run and goes.
     */
    private void cameraRestarted(FrameEvent frame, Long last, Context ctx) throws Exception {
        cameraRestarts.inc();
        LOG.info("camera '{}' restarted (boot id {} -> {}, frame {} -> {}): its targets are tracked on the new frames",
                frame.cameraId, bootId.value(), frame.bootId, last, frame.frameIndex);
        recentFrames.forget(frame.cameraId);
        NewestFrame n = newestFrame();
        if (n.waiting != null) {
            n.skippedFrames += 1 + n.skippedBehindWaiting;
            n.skippedBehindWaiting = 0;
            n.waiting = null;
        }
        if (n.timerAt != null) ctx.timerService().deleteProcessingTimeTimer(n.timerAt);
        n.timerAt = null;
        n.pace = new FramePace();
        newest.update(n);
        List<TargetState> all = new ArrayList<>();
        for (TargetState t : targets.values()) all.add(t);
        for (TargetState t : all) {
            t.setLastFrameIndex(-1);
            targets.put(t.getTargetId(), t);
        }
    }

    /** The targets not yet on frame {@code frameIndex} (a START on it initialised some). */
    private List<TargetState> targetsBefore(long frameIndex) throws Exception {
        List<TargetState> out = new ArrayList<>();
        for (TargetState t : targets.values()) if (t.getLastFrameIndex() < frameIndex) out.add(t);
        return out;
    }

    private NewestFrame newestFrame() throws Exception {
        NewestFrame n = newest.value();
        return n != null ? n : new NewestFrame();
    }

    /** Steps {@code batch}, targets not yet on {@code frame}, through it. */
    private void trackOn(FrameEvent frame, SpectralCube cube, List<TargetState> batch, NewestFrame n, long now, Context ctx,
                         Collector<TrackUpdate> out) throws Exception {
        if (batch.isEmpty()) return;
        if (cube == null) cube = frame.cube();
        List<TargetState> sameBands = new ArrayList<>();
        for (TargetState t : batch) {
            if (startedOnOtherBands(t, cube)) lostToBandChange(frame, cube, t, n, out);
            else sameBands.add(t);
        }
        step(frame, cube, sameBands, n, now, ctx, out);
    }

    /** The tracking timer: the camera's newest waiting frame is tracked now. */
    private void trackWaiting(long now, Context ctx, Collector<TrackUpdate> out) throws Exception {
        NewestFrame n = newestFrame();
        n.timerAt = null;
        Long index = n.waiting;
        n.waiting = null;
        if (index != null) {
            FrameEvent frame = recentFrames.get(ctx.getCurrentKey(), index);
            if (frame == null) {
                // Restored from a checkpoint taken while it waited: its samples were on the heap.
                n.skippedFrames++;
                skipped.inc();
            } else {
                trackOn(frame, null, targetsBefore(frame.frameIndex), n, now, ctx, out);
            }
            n.skippedFrames += n.skippedBehindWaiting;
            n.skippedBehindWaiting = 0;
        }
        newest.update(n);
    }

    /** A target started on frames of another band count (its model's band order has their length). */
    private static boolean startedOnOtherBands(TargetState t, SpectralCube cube) {
        int bands = t.getBandOrder() == null ? 0 : t.getBandOrder().size();
        return bands > 0 && bands != cube.bands();
    }

    /**
     * The camera now sends frames of another band count than the target was started on (a sensor
     * swapped under the same camera id): no model can compare the two. The target is reported LOST
     * at its last box on every such frame, and expires with the target TTL unless an operator
     * re-initialises it (REINIT) on the new frames.
     */
    private void lostToBandChange(FrameEvent frame, SpectralCube cube, TargetState t, NewestFrame p,
                                  Collector<TrackUpdate> out) throws Exception {
        if (t.getStatus() != TrackStatus.LOST) {
            LOG.warn("camera '{}' frame {} has {} bands but target '{}' was started on {}-band frames: LOST until re-initialised",
                    frame.cameraId, frame.frameIndex, cube.bands(), t.getTargetId(), t.getBandOrder().size());
        }
        bandChanges.inc();
        t.setStatus(TrackStatus.LOST);
        t.setLostCount(t.getLostCount() + 1);
        t.setLastScore(0f);
        // At its last box as the tracker reports boxes (TargetTrack.reportedBox), like a LOST step.
        Box b = TargetStates.toTrack(t).reportedBox();
        TrackUpdate u = update(frame, t.getTargetId(), b, 0f, TrackStatus.LOST, t.getLostCount(), t.getModelId());
        u.setFramesSkipped(skippedSince(t, p));
        targets.put(t.getTargetId(), t);
        emit(out, u);
    }

    /**
     * Frames of the camera skipped since the target's last update, reported on this one; the
     * target's mark moves up to now.
     */
    private static int skippedSince(TargetState t, NewestFrame p) {
        long n = p.skippedFrames - t.getSkippedMark();
        t.setSkippedMark(p.skippedFrames);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }

    /** Starts the targets whose START/REINIT waited for this frame; fails those whose frame was skipped. */
    private List<String> startPendingOn(FrameEvent frame, SpectralCube cube, NewestFrame p, long now, Context ctx,
                                        Collector<TrackUpdate> out) throws Exception {
        List<CommandEnvelope> due = new ArrayList<>();
        List<CommandEnvelope> missed = new ArrayList<>();
        for (CommandEnvelope c : pending.values()) {
            long want = c.command().getFrameIndex();
            if (want == frame.frameIndex) due.add(c);
            else if (want < frame.frameIndex) missed.add(c);
        }
        for (CommandEnvelope c : missed) {
            pending.remove(c.targetId);
            deadLetter(ctx, c, "frame-missing", c.command().getType() + " for target '" + c.targetId + "' names frame "
                    + c.command().getFrameIndex() + " of camera '" + c.cameraId + "', which never arrived (the camera is at frame "
                    + frame.frameIndex + ")");
        }
        if (due.isEmpty()) return List.of();
        List<CommandEnvelope> fit = new ArrayList<>();
        for (CommandEnvelope c : due) {
            pending.remove(c.targetId);
            if (boxFits(c, frame, ctx)) fit.add(c);
        }
        if (fit.isEmpty()) return List.of();
        return initialise(frame, cube, fit, p, now, ctx, out);
    }

    /**
     * Starts the targets of {@code cmds} on {@code frame}, each on its own if their batch fails: a
     * target whose template cannot be made goes to the dead-letter topic with the cause and the
     * others start. Returns the ids started.
     */
    private List<String> initialise(FrameEvent frame, SpectralCube cube, List<CommandEnvelope> cmds, NewestFrame p, long now,
                                    Context ctx, Collector<TrackUpdate> out) throws Exception {
        List<TargetSeed> seeds = new ArrayList<>();
        for (CommandEnvelope c : cmds) seeds.add(new TargetSeed(c.targetId, box(c.command().getBox())));
        List<Isolated<TargetState>> started = Isolated.each(seeds, batch -> tracking.start(cube, frame.frameIndex, batch));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            if (started.get(i).failed()) {
                CommandEnvelope c = cmds.get(i);
                stepFailures.inc();
                deadLetter(ctx, c, "start-failed", c.command().getType() + " for target '" + c.targetId + "' of camera '"
                        + c.cameraId + "' on frame " + frame.frameIndex + " failed: the template could not be made ("
                        + Isolated.describe(started.get(i).failure()) + "); the target is not tracked");
                continue;
            }
            TargetState s = started.get(i).value();
            ids.add(s.getTargetId());
            s.setLastSeenMs(now);
            s.setLastFrameIndex(frame.frameIndex);
            s.setSkippedMark(p.skippedFrames);
            targets.put(s.getTargetId(), s);
            Box b = Box.ofCentre(s.getCentreX(), s.getCentreY(), s.getWidth(), s.getHeight());
            emit(out, update(frame, s.getTargetId(), b, s.getLastScore(), s.getStatus(), 0, s.getModelId()));
        }
        return ids;
    }

    private void step(FrameEvent frame, SpectralCube cube, List<TargetState> batch, NewestFrame p, long now, Context ctx,
                      Collector<TrackUpdate> out) throws Exception {
        if (batch.isEmpty()) return;
        long t0 = System.nanoTime();
        SpectralCube on = cube;
        List<Isolated<TargetStep>> steps = Isolated.each(batch, targets -> tracking.step(on, frame.frameIndex, targets));
        modelTime.update((System.nanoTime() - t0) / 1_000_000);
        targetsPerCall.update(batch.size());
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).failed()) {
                stepFailed(frame, batch.get(i), steps.get(i).failure(), p, now, ctx, out);
                continue;
            }
            TargetStep st = steps.get(i).value();
            TargetState next = st.next();
            next.setLastSeenMs(now);
            next.setLastFrameIndex(frame.frameIndex);
            next.setSkippedMark(batch.get(i).getSkippedMark()); // the engine does not carry it
            next.setFailedSteps(0); // a clean step forgives earlier failures (engines may copy the old count)
            TrackUpdate u = update(frame, next.getTargetId(), st.box(), st.score(), st.status(), next.getLostCount(),
                    next.getModelId());
            u.setFoundBy(st.foundBy());
            u.setFramesSkipped(skippedSince(next, p));
            targets.put(next.getTargetId(), next);
            switch (st.foundBy()) {
                case REDETECTED -> redetections.inc();
                case RECALLED -> recalls.inc();
                case FOLLOWED -> { }
            }
            emit(out, u);
            ctx.output(OutputTags.TELEMETRY, telemetry(frame, next.getTargetId(), st));
        }
    }

    /** Consecutive failed steps after which a target is dropped (its state is likely the cause). */
    static final int MAX_FAILED_STEPS = 3;

    /**
     * A target whose step threw: reported LOST at its last box, with a dead letter naming camera,
     * target, frame and cause; the camera's other targets go on. A target that keeps failing is
     * dropped after {@link #MAX_FAILED_STEPS} frames in a row (its state is likely what fails, e.g.
     * a template of another model after a savepoint restore); a START tracks it again.
     */
    private void stepFailed(FrameEvent frame, TargetState t, RuntimeException e, NewestFrame p, long now, Context ctx,
                            Collector<TrackUpdate> out) throws Exception {
        stepFailures.inc();
        int failures = t.getFailedSteps() + 1;
        boolean drop = failures >= MAX_FAILED_STEPS;
        String reason = "tracking target '" + t.getTargetId() + "' of camera '" + frame.cameraId + "' on frame "
                + frame.frameIndex + " failed: " + Isolated.describe(e) + (drop
                ? "; " + failures + " failures in a row: the target is dropped (send START to track it again)"
                : "; failure " + failures + " in a row (the target is dropped after " + MAX_FAILED_STEPS + ")");
        deadLetters.inc();
        LOG.warn("dead letter ({}): {}", drop ? "target-dropped" : "tracking-failed", reason, e);
        ctx.output(DeadLetters.TAG, DeadLetters.ofFrame(frame, drop ? "target-dropped" : "tracking-failed", "camera-tracker", reason));
        Box b = TargetStates.toTrack(t).reportedBox();
        t.setStatus(TrackStatus.LOST);
        t.setLostCount(t.getLostCount() + 1);
        t.setLastScore(0f);
        t.setLastFrameIndex(frame.frameIndex);
        t.setLastSeenMs(now);
        t.setFailedSteps(failures);
        TrackUpdate u = update(frame, t.getTargetId(), b, 0f, TrackStatus.LOST, t.getLostCount(), t.getModelId());
        u.setFramesSkipped(skippedSince(t, p));
        if (drop) targets.remove(t.getTargetId()); else targets.put(t.getTargetId(), t);
        emit(out, u);
    }

    // ---------------------------------------------------------------- commands

    @Override
    public void processElement2(CommandEnvelope env, Context ctx, Collector<TrackUpdate> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        TrackCommand cmd = env.command();
        String id = cmd.getTargetId();
        switch (cmd.getType()) {
            case STOP -> {
                boolean known = targets.contains(id) || pending.contains(id);
                targets.remove(id);
                pending.remove(id);
                if (!known) {
                    deadLetter(ctx, env, "unknown-target", "STOP for target '" + id + "' of camera '" + env.cameraId
                            + "', which is not tracked (never started, already stopped or expired)");
                }
            }
            case START, REINIT -> {
                if (cmd.getType() == CommandType.REINIT && !targets.contains(id) && !pending.contains(id)) {
                    deadLetter(ctx, env, "unknown-target", "REINIT for target '" + id + "' of camera '" + env.cameraId
                            + "', which is not tracked; send START first");
                    break;
                }
                if (cmd.getType() == CommandType.START && (targets.contains(id) || pending.contains(id))) {
                    // A second START is a mistake or a resent command: re-marking is REINIT's job.
                    TargetState t = targets.get(id);
                    deadLetter(ctx, env, "target-exists", "START for target '" + id + "' of camera '" + env.cameraId
                            + "', which is already " + (t != null ? "tracked (last on frame " + t.getLastFrameIndex() + ")"
                            : "waiting for its frame") + "; send REINIT to re-mark it, or STOP first");
                    break;
                }
                if (cmd.getType() == CommandType.START && targetsAndPending() >= settings.limits().maxTargetsPerCamera()) {
                    deadLetter(ctx, env, "too-many-targets", "START for target '" + id + "' of camera '" + env.cameraId
                            + "': the camera already has " + settings.limits().maxTargetsPerCamera() + " targets tracked or waiting "
                            + "(state.max-targets-per-camera); STOP one first");
                    break;
                }
                startOrWait(env, cmd, now, ctx, out);
            }
            // UNKNOWN (a newer producer's type) is refused by the CommandDecoder already; kept here for
            // any path that skips it.
            default -> deadLetter(ctx, env, "validation", "command type " + cmd.getType() + " unknown to this release");
        }
        if (cmd.getType() == CommandType.STOP && targets.isEmpty() && pending.isEmpty()) {
            // Nobody tracks this camera any more: its frame history is of no use, drop everything.
            clearCamera(ctx);
        } else {
            scheduleCleanup(ctx, now);
        }
        refreshActive(ctx.getCurrentKey());
    }

    private void startOrWait(CommandEnvelope env, TrackCommand cmd, long now, Context ctx,
                             Collector<TrackUpdate> out) throws Exception {
        long want = cmd.getFrameIndex();
        Long last = lastFrameIndex.value();
        if (last == null || want > last) {
            // The frame has not come yet (or the camera has not been seen at all): wait for it.
            env.bufferedAtMs = now;
            pending.put(env.targetId, env);
            return;
        }
        FrameEvent frame = recentFrames.get(env.cameraId, want);
        if (frame == null) {
            deadLetter(ctx, env, "frame-expired", cmd.getType() + " for target '" + env.targetId + "' names frame " + want
                    + " of camera '" + env.cameraId + "', which is no longer buffered (camera at frame " + last
                    + ", last " + settings.retention().frameBuffer() + " frames kept; the buffer starts empty after a recovery)");
            return;
        }
        pending.remove(env.targetId);
        if (!boxFits(env, frame, ctx)) return;
        NewestFrame p = newestFrame();
        if (initialise(frame, frame.cube(), List.of(env), p, now, ctx, out).isEmpty()) {
            newest.update(p);
            return;
        }
        // Catch up through the frames that passed since, so the target is where it would be had the
        // command come first (the boxes then match an offline run whatever the arrival order).
        for (FrameEvent f : recentFrames.after(env.cameraId, want)) {
            TargetState t = targets.get(env.targetId);
            if (t == null) break; // dropped after failed steps on the way
            // The frames it catches up through are all tracked for it: none counts as skipped.
            t.setSkippedMark(p.skippedFrames);
            step(f, f.cube(), List.of(t), p, now, ctx, out);
        }
        newest.update(p);
    }

    /** Of a box this much must lie on the frame: the tracker would otherwise learn the padding. */
    static final double MIN_BOX_ON_FRAME = 0.5;

    /**
     * Whether a START/REINIT box lies on the frame it names (at least half of its area); if not,
     * the command goes to the dead-letter topic saying where the box and the frame are.
     */
    private boolean boxFits(CommandEnvelope c, FrameEvent frame, Context ctx) {
        BoundingBox b = c.command().getBox();
        double ix = Math.max(0, Math.min(b.getX() + b.getWidth(), frame.width) - Math.max(b.getX(), 0));
        double iy = Math.max(0, Math.min(b.getY() + b.getHeight(), frame.height) - Math.max(b.getY(), 0));
        double on = ix * iy / (b.getWidth() * b.getHeight());
        if (on >= MIN_BOX_ON_FRAME) return true;
        deadLetter(ctx, c, "box-outside-frame", String.format(java.util.Locale.ROOT,
                "%s for target '%s' of camera '%s': box at x=%.1f y=%.1f, %.1fx%.1f has %.0f%% of its area on frame %d, "
                        + "which is %dx%d (at least %.0f%% must be)", c.command().getType(), c.targetId, c.cameraId, b.getX(),
                b.getY(), b.getWidth(), b.getHeight(), 100 * on, frame.frameIndex, frame.width, frame.height, 100 * MIN_BOX_ON_FRAME));
        return false;
    }

    // ---------------------------------------------------------------- clean-up

    @Override
    public void onTimer(long now, OnTimerContext ctx, Collector<TrackUpdate> out) throws Exception {
        NewestFrame n = newest.value();
        if (n != null && n.timerAt != null && n.timerAt == now) {
            trackWaiting(now, ctx, out);
            Long cleanupAt = timerAt.value();
            if (cleanupAt == null || cleanupAt != now) return;
        }
        timerAt.clear();
        Long seen = lastSeenMs.value();
        List<CommandEnvelope> expired = new ArrayList<>();
        for (CommandEnvelope c : pending.values()) {
            if (c.bufferedAtMs + settings.retention().commandWaitMs() <= now) expired.add(c);
        }
        for (CommandEnvelope c : expired) {
            pending.remove(c.targetId);
            expirePending(ctx, c, seen == null);
        }
        List<String> quiet = new ArrayList<>();
        for (TargetState t : targets.values()) {
            if (t.getLastSeenMs() + settings.retention().targetTtlMs() <= now) quiet.add(t.getTargetId());
        }
        for (String id : quiet) {
            LOG.info("target '{}' of camera '{}' quiet for {} ms: removed", id, ctx.getCurrentKey(), settings.retention().targetTtlMs());
            targets.remove(id);
        }
        boolean cameraSilent = seen == null || seen + settings.retention().cameraTtlMs() <= now;
        if (cameraSilent && pending.isEmpty()) {
            if (seen != null) {
                LOG.info("camera '{}' silent for {} ms: state cleared", ctx.getCurrentKey(), settings.retention().cameraTtlMs());
            }
            clearCamera(ctx);
        } else {
            scheduleCleanup(ctx, now);
        }
        refreshActive(ctx.getCurrentKey());
    }

    private void expirePending(Context ctx, CommandEnvelope c, boolean cameraUnknown) {
        String reason = cameraUnknown
                ? "unknown camera '" + c.cameraId + "': no frame arrived within " + settings.retention().commandWaitMs() + " ms of the "
                        + "command for target '" + c.targetId + "'"
                : "frame " + c.command().getFrameIndex() + " of camera '" + c.cameraId + "' named by the command for target '"
                        + c.targetId + "' did not arrive within " + settings.retention().commandWaitMs() + " ms";
        deadLetter(ctx, c, cameraUnknown ? "unknown-camera" : "frame-missing", reason);
    }

    /** One timer per camera, at the earliest moment something may expire. */
    private void scheduleCleanup(Context ctx, long now) throws Exception {
        long next = Long.MAX_VALUE;
        Long seen = lastSeenMs.value();
        if (seen != null) next = seen + settings.retention().cameraTtlMs();
        for (TargetState t : targets.values()) next = Math.min(next, t.getLastSeenMs() + settings.retention().targetTtlMs());
        for (CommandEnvelope c : pending.values()) next = Math.min(next, c.bufferedAtMs + settings.retention().commandWaitMs());
        if (next == Long.MAX_VALUE) return;
        Long at = timerAt.value();
        if (at != null && at <= next) return; // an earlier timer re-evaluates everything when it fires
        if (at != null) ctx.timerService().deleteProcessingTimeTimer(at);
        ctx.timerService().registerProcessingTimeTimer(next);
        timerAt.update(next);
    }

    private void clearCamera(Context ctx) throws Exception {
        Long at = timerAt.value();
        if (at != null) ctx.timerService().deleteProcessingTimeTimer(at);
        timerAt.clear();
        targets.clear();
        recentFrames.forget(ctx.getCurrentKey());
        NewestFrame n = newest.value();
        if (n != null && n.timerAt != null) ctx.timerService().deleteProcessingTimeTimer(n.timerAt);
        newest.clear();
        pending.clear();
        lastFrameIndex.clear();
        bootId.clear();
        lastSeenMs.clear();
    }

    // ---------------------------------------------------------------- outputs

    private int targetsAndPending() throws Exception {
        int n = 0;
        for (String ignored : targets.keys()) n++;
        for (String ignored : pending.keys()) n++;
        return n;
    }

    private void refreshActive(String camera) throws Exception {
        int n = 0;
        for (String ignored : targets.keys()) n++;
        if (n == 0) activeByCamera.remove(camera); else activeByCamera.put(camera, n);
    }

    private void emit(Collector<TrackUpdate> out, TrackUpdate u) {
        long lat = Math.max(0, System.currentTimeMillis() - u.getCaptureTimeMs().toEpochMilli());
        u.setLatencyMs(lat);
        latency.update(lat);
        updates.inc();
        out.collect(u);
    }

    private void deadLetter(Context ctx, CommandEnvelope c, String type, String reason) {
        deadLetters.inc();
        LOG.warn("dead letter ({}): {}", type, reason);
        ctx.output(DeadLetters.TAG, DeadLetters.of(c.source, type, "camera-tracker", reason));
    }

    static Box box(BoundingBox b) {
        return new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight());
    }

    static TrackUpdate update(FrameEvent frame, String targetId, Box b, float score, TrackStatus status, int lost,
                              String modelId) {
        return TrackUpdate.newBuilder()
                .setCameraId(frame.cameraId)
                .setTargetId(targetId)
                .setFrameIndex(frame.frameIndex)
                .setCaptureTimeMs(Instant.ofEpochMilli(frame.captureTimeMs))
                .setBox(new BoundingBox(b.x(), b.y(), b.width(), b.height()))
                .setScore(score)
                .setStatus(status)
                .setModelId(modelId == null ? "" : modelId)
                .setLostFrames(lost)
                .build();
    }

    static BandTelemetry telemetry(FrameEvent frame, String targetId, TargetStep st) {
        List<List<Integer>> groups = new ArrayList<>();
        if (st.groups() != null) for (int[] g : st.groups()) groups.add(Arrays.stream(g).boxed().toList());
        return BandTelemetry.newBuilder()
                .setCameraId(frame.cameraId)
                .setTargetId(targetId)
                .setFrameIndex(frame.frameIndex)
                .setCaptureTimeMs(Instant.ofEpochMilli(frame.captureTimeMs))
                .setBandImportance(floats(st.bandImportance()))
                .setBandOrder(st.bandOrder() == null ? List.of() : Arrays.stream(st.bandOrder()).boxed().toList())
                .setGroups(groups)
                .setBranchWeights(floats(st.branchWeights()))
                .build();
    }

    private static List<Float> floats(float[] a) {
        List<Float> l = new ArrayList<>(a == null ? 0 : a.length);
        if (a != null) for (float f : a) l.add(f);
        return l;
    }
}
