package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;

/**
 * Where the target was last seen with conviction, and how long the tracker has been less sure
 * since: the memory behind the recall window ({@link TrackerConfig#recallAfter()}).
 *
 * <p>A target's score is its own: one scores 0.89 on its template all along, another 0.95. A
 * frame counts as <em>convincing</em> when it is TRACKING within {@link TrackerConfig#RECALL_MARGIN}
 * of the target's reference score (the running mean of its convincing scores), so the test adapts
 * to each target. When a target is hidden, the tracker can settle on something that scores well
 * enough to be TRACKING but not as well as the target did (0.78 against 0.89 in the case that
 * prompted this, tracking/README.md). The reference score shows that; the centre kept here is
 * where to look when the target comes back.
 *
 * @param referenceScore running mean of the convincing scores; 0 before the first TRACKING frame
 * @param centreX        centre of the last convincing frame (the operator's box at start), frame pixels
 * @param centreY        the same, rows
 * @param doubtfulFrames consecutive frames since then that were not convincing
 */
public record LastSighting(float referenceScore, double centreX, double centreY, int doubtfulFrames) {

    /** A target just marked at {@code (cx, cy)}: no reference score yet. */
    public static LastSighting at(double cx, double cy) {
        return new LastSighting(0f, cx, cy, 0);
    }

    /** True once a TRACKING frame has set the reference score. */
    public boolean hasReference() {
        return referenceScore > 0;
    }

    /** True if {@code score} is as the target used to score: at most {@link TrackerConfig#RECALL_MARGIN} below the reference (always, before there is one). */
    public boolean matchesReference(double score) {
        return !hasReference() || score >= referenceScore - TrackerConfig.RECALL_MARGIN;
    }

    /**
     * After one frame: a convincing frame moves the reference towards its score (rate
     * {@link TrackerConfig#REFERENCE_RATE}) and the sighting to its centre; any other frame only
     * counts as doubtful, so neither the reference nor the place drifts onto what the tracker
     * follows while unsure.
     */
    public LastSighting after(TrackStatus status, float score, double cx, double cy) {
        if (status != TrackStatus.TRACKING || !matchesReference(score)) {
            return new LastSighting(referenceScore, centreX, centreY, doubtfulFrames + 1);
        }
        float ref = hasReference() ? (float) ((1 - TrackerConfig.REFERENCE_RATE) * referenceScore + TrackerConfig.REFERENCE_RATE * score) : score;
        return new LastSighting(ref, cx, cy, 0);
    }
}
