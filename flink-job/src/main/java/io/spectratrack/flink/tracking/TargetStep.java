package io.spectratrack.flink.tracking;

import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.geometry.Box;

/** One target's result on one frame: its next state plus what goes to the output topics. */
public record TargetStep(TargetState next, Box box, float score, TrackStatus status, FoundBy foundBy,
                         float[] bandImportance, int[] bandOrder, int[][] groups, float[] branchWeights) {}
