package io.spectratrack.datasets.eval;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;

import java.util.Map;

/**
 * The one tracker API the evaluation harness drives (pysot/pytracking style): {@link #init} on the
 * first frame with the annotated box, then {@link #track} on every following frame. One instance
 * follows one target in one sequence; the harness makes a fresh one per sequence.
 */
public interface Tracker {

    void init(SpectralCube frame, Box box);

    /** The target's box in this frame (frame pixels). */
    Box track(SpectralCube frame);

    /** Confidence of the last {@link #track} result, higher is surer; NaN when the tracker has none. */
    default double lastScore() {
        return Double.NaN;
    }

    /**
     * What the tracker decided on the last {@link #track} beyond box and score (its status, which
     * window the box came from, the evidence behind the score), as column name to value for the
     * per-frame log ({@link EvaluationReport}); the same keys on every frame. Empty by default.
     */
    default Map<String, String> lastDetails() {
        return Map.of();
    }
}
