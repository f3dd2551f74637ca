package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.geometry.Box;

/**
 * One target's result for one frame: the new state to keep, and what to publish (box, score,
 * status, band telemetry).
 *
 * @param next           state for the next frame
 * @param box            the box reported for this frame (the frozen last box when LOST)
 * @param score          fused classification score at the chosen peak, 0..1
 * @param status         TRACKING / UNCERTAIN / LOST from {@code score}
 * @param bandImportance band importance of this frame's search crop (BIMM), [B]
 * @param bandOrder      the template's band ranking, [B]
 * @param groups         the K false-colour groups, {@code groups[k] = bands of branch k}
 * @param branchWeights  the weights actually used to fuse the branches, [K], sum 1
 */
public record TrackStep(TargetTrack next, Box box, float score, TrackStatus status, float[] bandImportance,
                        int[] bandOrder, int[][] groups, float[] branchWeights) {
}
