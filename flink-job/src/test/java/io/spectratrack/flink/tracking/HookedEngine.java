package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.cube.SpectralCube;
import java.io.Serializable;
import java.util.List;

/**
 * A real engine with a hook run before each tracking step: the hook may delay it or throw, as a
 * failing model or a crashing task would (tests that inject failures around the real model).
 */
public record HookedEngine(TrackingEngine inner, BeforeStep hook) implements TrackingEngine {

    /** Runs before the inner engine steps {@code targets} on frame {@code frameIndex}. */
    @FunctionalInterface
    public interface BeforeStep extends Serializable {
        void run(long frameIndex, List<TargetState> targets);
    }

    @Override
    public TargetTracking open() {
        TargetTracking t = inner.open();
        return new TargetTracking() {
            @Override public List<TargetState> start(SpectralCube f, long i, List<TargetSeed> s) { return t.start(f, i, s); }
            @Override public void close() { t.close(); }

            @Override
            public List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets) {
                hook.run(frameIndex, targets);
                return t.step(frame, frameIndex, targets);
            }
        };
    }
}
