package io.spectratrack.datasets.eval;

import io.spectratrack.geometry.Box;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tracker on one sequence: its boxes and scores per frame, the ground truth, and the time
 * spent inside {@code init}/{@code track} (data loading excluded). {@code visibility} is the
 * target's visible fraction per frame when the data says (null otherwise); {@code details} the
 * tracker's {@link Tracker#lastDetails()} per frame (empty maps where it has none).
 */
public record SequenceResult(String sequence, Set<String> attributes, List<Box> predicted, List<Box> truth,
                             double[] scores, double trackerSeconds, String error, double[] visibility,
                             List<Map<String, String>> details) {

    /** A result without per-frame visibility or details. */
    public SequenceResult(String sequence, Set<String> attributes, List<Box> predicted, List<Box> truth,
                          double[] scores, double trackerSeconds, String error) {
        this(sequence, attributes, predicted, truth, scores, trackerSeconds, error, null,
                java.util.Collections.nCopies(predicted.size(), Map.of()));
    }

    public double[] ious() { return Metrics.ious(predicted, truth); }
    public double[] centreErrors() { return Metrics.centreErrors(predicted, truth); }
    public double[] successOtb() { return Metrics.successCurve(ious(), Metrics.OTB_THRESHOLDS); }
    public double[] successHot() { return Metrics.successCurve(ious(), Metrics.HOT_THRESHOLDS); }
    public double[] precision() { return Metrics.precisionCurve(centreErrors(), Metrics.PRECISION_THRESHOLDS); }
    public double aucOtb() { return Metrics.auc(successOtb()); }
    public double aucHot() { return Metrics.auc(successHot()); }
    public double precision20() { return Metrics.precisionAt(centreErrors(), Metrics.PRECISION_PX); }
    public int frames() { return predicted.size(); }
    public double fps() { return trackerSeconds > 0 ? frames() / trackerSeconds : 0; }
}
