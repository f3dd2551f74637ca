package io.spectratrack.datasets.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A tracker's results over a data set. Curves are the mean of the per-sequence curves (the OTB
 * toolkit's averaging, so every sequence weighs the same whatever its length); frames/s is total
 * frames over total tracker time.
 */
public record TrackerSummary(String tracker, List<SequenceResult> sequences) {

    public record Scores(int sequences, int frames, double aucOtb, double aucHot, double precision20, double fps,
                         double[] successOtb, double[] successHot, double[] precision) {}

    public Scores overall() {
        return scores(sequences);
    }

    /** Scores of the sequences carrying each attribute, attributes sorted by name. */
    public Map<String, Scores> perAttribute() {
        Map<String, Scores> out = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        sequences.forEach(s -> names.addAll(s.attributes()));
        for (String a : names) {
            out.put(a, scores(sequences.stream().filter(s -> s.attributes().contains(a)).toList()));
        }
        return out;
    }

    static Scores scores(List<SequenceResult> seqs) {
        List<double[]> so = new ArrayList<>(), sh = new ArrayList<>(), pr = new ArrayList<>();
        int frames = 0;
        double secs = 0;
        for (SequenceResult r : seqs) {
            so.add(r.successOtb());
            sh.add(r.successHot());
            pr.add(r.precision());
            frames += r.frames();
            secs += r.trackerSeconds();
        }
        double[] mso = Metrics.meanCurve(so, Metrics.OTB_THRESHOLDS.length);
        double[] msh = Metrics.meanCurve(sh, Metrics.HOT_THRESHOLDS.length);
        double[] mpr = Metrics.meanCurve(pr, Metrics.PRECISION_THRESHOLDS.length);
        int at20 = (int) Metrics.PRECISION_PX;
        return new Scores(seqs.size(), frames, Metrics.auc(mso), Metrics.auc(msh), mpr[at20], secs > 0 ? frames / secs : 0, mso, msh, mpr);
    }
}
