package io.spectratrack.flink.tracking;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps an engine so that the first step at or after frame {@code failAt} once the test has armed
 * it kills the task, the way a crashed TaskManager would: Flink must restart from the last
 * checkpoint. It throws an {@link Error} (the tracker isolates a target's exceptions, not errors of
 * the process). Steps are slowed so that the failure lands mid-run.
 */
public class FailOnceEngine implements TrackingEngine {
    private static final long serialVersionUID = 1L;
    /** Shared by every restart inside the test JVM (MiniCluster loads test classes once). */
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Set by the test once committed output shows that a checkpoint completed. */
    public static final AtomicBoolean ARMED = new AtomicBoolean();

    private final TrackingEngine inner;
    private final long failAt;
    private final long stepDelayMs;

    public FailOnceEngine(TrackingEngine inner, long failAt, long stepDelayMs) {
        this.inner = inner;
        this.failAt = failAt;
        this.stepDelayMs = stepDelayMs;
    }

    @Override
    public TargetTracking open() {
        long failAt = this.failAt;
        long stepDelayMs = this.stepDelayMs;
        return new HookedEngine(inner, (frameIndex, targets) -> {
            if (stepDelayMs > 0) {
                try {
                    Thread.sleep(stepDelayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (frameIndex >= failAt && ARMED.get() && FAILED.compareAndSet(false, true)) {
                throw new InjectedCrash("injected failure on frame " + frameIndex);
            }
        }).open();
    }

    /** What the task dies of. */
    public static final class InjectedCrash extends Error {
        private static final long serialVersionUID = 1L;

        InjectedCrash(String message) {
            super(message);
        }
    }
}
