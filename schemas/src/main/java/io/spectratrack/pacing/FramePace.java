package io.spectratrack.pacing;

/**
 * One camera's real-time pacing at one stage of the pipeline (the tracking job, the ingest
 * gateway): how late its frames reach the stage, which of them to process when the stage cannot
 * afford them all, and how many it skipped. The job keeps it in keyed state (a few dozen bytes),
 * so that after a recovery it still knows how late the replayed frames are. "Track" below means
 * "process" for any stage.
 *
 * <p><b>Lateness without a shared clock.</b> A frame's age {@code arrival - capture} mixes the
 * camera clock's offset from the TaskManager's (unknown, possibly hours) with the time the frame
 * spent on its way. The least age seen is the offset plus the fastest way through the pipeline:
 * the <i>floor</i>. A frame's <i>delay</i> is its age above the floor: how much
 * longer than the best case it waited, in the queues of Kafka and Flink, behind frames the
 * tracker could not keep up with. The offset cancels. The floor is a minimum that ages: it rises
 * by {@link #FLOOR_DRIFT_MS_PER_S} for each second of capture time, so a camera clock that runs
 * slow (a cheap crystal drifts 50-100 ppm) is followed, while an overload, which keeps every frame
 * waiting and never shows a fresh one, cannot pass its queue off as the new normal: it gains at
 * most 0.7 s an hour. A clock that jumps forward lowers the floor at once; one that jumps back
 * more than {@link #CLOCK_STEP_BACK_MS} starts it afresh.
 *
 * <p><b>What is tracked</b> ({@link #admit}). A frame whose delay is within the job's
 * {@code realtime.max-delay} is tracked. A later one is tracked only if at least
 * {@link #CATCH_UP_STRIDE} of its delay in capture time has passed since the last tracked frame;
 * the rest are skipped. Skipping costs almost nothing, so the queue drains until the frames reach
 * the tracker fresh again: throughput stays at the tracker's capacity and the delay stays within
 * about {@code max(max-delay, 1/CATCH_UP_STRIDE x the cost of tracking one frame)}, however far the
 * input runs ahead. After a recovery or any other backlog of {@code D} seconds, the tracker does not
 * jump over it (the target would be far from its last box): it tracks frames about {@code D/4} of
 * capture time apart, closer and closer as it regains real time, so it reaches the live frames
 * in a few strides with the target followed on the way.
 *
 * <p>A Flink POJO: public fields, no-arg constructor.
 */
public class FramePace {
    /** How fast the floor follows ages that stay above it: 200 ppm, twice a cheap camera clock's drift. */
    static final double FLOOR_DRIFT_MS_PER_S = 0.2;
    /** A capture time this far behind the newest one means the camera's clock was set back. */
    static final long CLOCK_STEP_BACK_MS = 1_000;
    /** Behind real time by D, the next tracked frame is at least this fraction of D later in capture time. */
    static final double CATCH_UP_STRIDE = 0.25;

    /** The floor (see above) as of capture time {@link #floorCaptureMs}; Long.MIN_VALUE: none yet. */
    public long floorAgeMs = Long.MIN_VALUE;
    public long floorCaptureMs;
    public long lastCaptureMs = Long.MIN_VALUE;
    public long lastTrackedCaptureMs = Long.MIN_VALUE;
    /** Frames of this camera skipped since its state began; targets keep their mark of it. */
    public long skippedFrames;
    /** The delay of the last frame {@link #admit} saw (ms above the floor). */
    public long lastDelayMs;

    public FramePace() {}

    /** Whether to track a frame or skip it. */
    public enum Verdict { TRACK, SKIP }

    /**
     * Records a frame's arrival and says whether to track it ({@code trackAll}: always, the
     * {@code process-all} policy). A skip is counted in {@link #skippedFrames}.
     */
    public Verdict admit(long captureMs, long arrivalMs, long maxDelayMs, boolean trackAll) {
        long delay = observe(captureMs, arrivalMs);
        lastDelayMs = delay;
        boolean track = trackAll || delay <= maxDelayMs || lastTrackedCaptureMs == Long.MIN_VALUE
                || captureMs - lastTrackedCaptureMs >= CATCH_UP_STRIDE * delay;
        if (track) {
            lastTrackedCaptureMs = captureMs;
            return Verdict.TRACK;
        }
        skippedFrames++;
        return Verdict.SKIP;
    }

    /** Records a frame's age and returns its delay: the age above the floor (>= 0). */
    long observe(long captureMs, long arrivalMs) {
        long age = arrivalMs - captureMs;
        if (lastCaptureMs != Long.MIN_VALUE && captureMs < lastCaptureMs - CLOCK_STEP_BACK_MS) {
            floorAgeMs = Long.MIN_VALUE; // the camera clock went back: earlier ages say nothing now
            lastTrackedCaptureMs = Long.MIN_VALUE;
        }
        lastCaptureMs = floorAgeMs == Long.MIN_VALUE ? captureMs : Math.max(lastCaptureMs, captureMs);
        long floor = floorAgeMs == Long.MIN_VALUE ? age
                : floorAgeMs + (long) (FLOOR_DRIFT_MS_PER_S * Math.max(0, captureMs - floorCaptureMs) / 1000.0);
        if (age <= floor || floorAgeMs == Long.MIN_VALUE) {
            floorAgeMs = age;
            floorCaptureMs = captureMs;
            return 0;
        }
        return age - floor;
    }
}
