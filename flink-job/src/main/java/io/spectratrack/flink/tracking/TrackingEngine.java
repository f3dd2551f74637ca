package io.spectratrack.flink.tracking;

import java.io.Serializable;

/** Serializable recipe for a {@link TargetTracking}; shipped with the job graph, opened on the TaskManager. */
@FunctionalInterface
public interface TrackingEngine extends Serializable {
    TargetTracking open();
}
