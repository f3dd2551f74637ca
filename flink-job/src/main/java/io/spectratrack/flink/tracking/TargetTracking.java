package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.cube.SpectralCube;
import java.util.List;

/**
 * The tracker as the keyed function sees it: state in and out as the Avro {@link TargetState}
 * (so it lives in Flink state and survives savepoints), every target of a frame in one call (so
 * the model host can batch them). Implementations are opened once per subtask.
 */
public interface TargetTracking extends AutoCloseable {

    /** Initial states of {@code seeds} on {@code frame} (one template batch). */
    List<TargetState> start(SpectralCube frame, long frameIndex, List<TargetSeed> seeds);

    /** One tracking step for each of {@code targets} on {@code frame}, in the same order. */
    List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets);

    /** Sizes of the batches the model actually ran, when the engine batches (for the batch-size metric). */
    default org.apache.flink.metrics.Histogram batchSizes() {
        return null;
    }

    /** Batch sizes per band count, for an engine with a model per band count ({@link BandRoutedEngine}). */
    default java.util.Map<Integer, org.apache.flink.metrics.Histogram> batchSizesByBands() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
