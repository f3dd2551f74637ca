package io.spectratrack.flink.tracking;

/**
 * One camera's place in the {@code latest} policy (keyed state, a few bytes): the newest frame
 * that arrived and waits for the tracker, when its tracking timer is due, and how many of the
 * camera's frames were skipped because a newer one arrived before the tracker was free. Targets
 * keep their mark of {@link #skippedFrames} ({@code TargetState.skippedMark}); each update reports
 * the difference. A Flink POJO: public fields, no-arg constructor.
 */
public class NewestFrame {
    /** Frame index waiting to be tracked, or null. */
    public Long waiting;
    /** Processing time of the tracking timer, or null when none is registered. */
    public Long timerAt;
    /** Frames of this camera skipped since its state began, up to the waiting frame. */
    public long skippedFrames;
    /** Frames skipped after the waiting frame (newer than it): reported once it is tracked. */
    public long skippedBehindWaiting;
    /** How late the camera's frames reach the tracker (its skip counter is not used: see {@link #skippedFrames}). */
    public io.spectratrack.pacing.FramePace pace = new io.spectratrack.pacing.FramePace();

    public NewestFrame() {}
}
