package io.spectratrack.pacing;

/**
 * Where a camera's next frame stands relative to the last one a stage accepted: next in order, a
 * repeat (duplicate or out of order: never processed twice), or the first of a camera that
 * restarted and counts its frames from the start again. Shared by the ingest gateway and the
 * tracking job, which keep the last accepted frame per camera in their state.
 *
 * <p>A camera that reports a boot id (a boot counter or its boot time) says when it restarted: a
 * greater boot id starts a new run, a smaller one is a record of an earlier run, late. A camera that
 * does not (boot id 0 throughout) is judged by what a restart looks like from outside: its counter
 * goes back after the camera was silent for at least {@code restartGapMs}. A replay after a
 * recovery does not look like that: it repeats frames at once, without a silence, or continues
 * after the last accepted one.
 */
public final class FrameOrder {
    /** Default silence before a backwards counter counts as a restart: a camera reboots in seconds, a retry repeats at once. */
    public static final long DEFAULT_RESTART_GAP_MS = 2_000;

    public enum Verdict { NEXT, REPEAT, RESTART }

    /** The last accepted frame of a camera: its boot id, index, and when it arrived (the stage's clock; -1 unknown). */
    public record Last(long bootId, long frameIndex, long arrivalMs) {}

    private FrameOrder() {}

    /** The verdict on frame {@code frameIndex} of boot {@code bootId}, arriving at {@code arrivalMs}, after {@code last} (null: none yet). */
    public static Verdict judge(Last last, long bootId, long frameIndex, long arrivalMs, long restartGapMs) {
        if (last == null) return Verdict.NEXT;
        if (bootId != last.bootId()) return bootId > last.bootId() ? Verdict.RESTART : Verdict.REPEAT;
        if (frameIndex > last.frameIndex()) return Verdict.NEXT;
        boolean silentSince = last.arrivalMs() < 0 || arrivalMs - last.arrivalMs() >= restartGapMs;
        return frameIndex < last.frameIndex() && silentSince ? Verdict.RESTART : Verdict.REPEAT;
    }
}
