package io.spectratrack.tracking;

import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.geometry.Box;

/**
 * One target's result for one frame: the new state to keep, and what to publish (box, score,
 * status, band telemetry).
 *
 * @param next           state for the next frame
 * @param box            the box reported for this frame (the frozen last box when LOST)
 * @param score          fused classification score at the chosen peak, 0..1
 * @param networkScore   the network's own fused score at that peak, before the signature is blended
 *                       in (0 for an untrained model, whose maps are not used)
 * @param signatureScore the target's spectral signature response there (NaN without a trusted signature,
 *                       or with the signature's weight at 0)
 * @param status         TRACKING / UNCERTAIN / LOST from {@code score}
 * @param foundBy        which search window the box came from; REDETECTED and RECALLED are
 *                       re-acquisitions, where the box may jump a window side or more
 * @param bandImportance band importance of this frame's search crop (BIMM), [B]
 * @param bandOrder      the template's band ranking, [B]
 * @param groups         the K false-colour groups, {@code groups[k] = bands of branch k}
 * @param branchWeights  the weights actually used to fuse the branches, [K], sum 1
 */
public record TrackStep(TargetTrack next, Box box, float score, float networkScore, float signatureScore,
                        TrackStatus status, FoundBy foundBy,
                        float[] bandImportance, int[] bandOrder, int[][] groups, float[] branchWeights) {

    /** True when the box came from a window other than the target's own: it may have jumped. */
    public boolean reacquired() {
        return foundBy != FoundBy.FOLLOWED;
    }

    /** The same step, found in another window. */
    TrackStep withFoundBy(FoundBy window) {
        return new TrackStep(next, box, score, networkScore, signatureScore, status, window, bandImportance, bandOrder,
                groups, branchWeights);
    }
}
