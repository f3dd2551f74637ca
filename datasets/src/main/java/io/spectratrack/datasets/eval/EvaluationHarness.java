package io.spectratrack.datasets.eval;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.geometry.Box;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One-pass evaluation (OPE) of several trackers on several sequences: each tracker is initialised
 * on the first frame with a valid ground-truth box and then tracks every later frame. The trackers
 * run in lock-step over each sequence so a frame is decoded once for all of them (in an order that
 * rotates per frame, for fair timing). A tracker that
 * throws on a sequence is recorded with the error and scores zero from that frame on (its failure
 * is a result, not a crash of the evaluation).
 */
public final class EvaluationHarness {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationHarness.class);

    private EvaluationHarness() {}

    public static List<TrackerSummary> run(List<? extends VideoSequence> sequences, List<TrackerFactory> trackers,
                                           Consumer<String> progress) {
        List<List<SequenceResult>> perTracker = new ArrayList<>();
        for (int k = 0; k < trackers.size(); k++) perTracker.add(new ArrayList<>());
        long t0 = System.nanoTime();
        int si = 0;
        for (VideoSequence seq : sequences) {
            si++;
            List<SequenceResult> results = runSequence(seq, trackers);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %s (%d frames)", si, sequences.size(),
                    seq.name(), seq.frameCount()));
            for (int k = 0; k < trackers.size(); k++) {
                SequenceResult r = results.get(k);
                perTracker.get(k).add(r);
                line.append(String.format(Locale.ROOT, "  %s: AUC %.3f P@20 %.3f %.1f fps%s", trackers.get(k).name(), r.aucOtb(),
                        r.precision20(), r.fps(), r.error() == null ? "" : " ERROR " + r.error()));
            }
            double el = (System.nanoTime() - t0) / 1e9;
            line.append(String.format(Locale.ROOT, "  (%.0fs, ETA %.0fs)", el, el / si * (sequences.size() - si)));
            progress.accept(line.toString());
        }
        List<TrackerSummary> out = new ArrayList<>();
        for (int k = 0; k < trackers.size(); k++) out.add(new TrackerSummary(trackers.get(k).name(), perTracker.get(k)));
        return out;
    }

    static List<SequenceResult> runSequence(VideoSequence seq, List<TrackerFactory> factories) {
        List<Box> gt = seq.groundTruth();
        int n = Math.min(seq.frameCount(), gt.size());
        int start = 0;
        while (start < n && !gt.get(start).isValid()) start++;
        int k = factories.size();
        double[] visibility = seq.visibility();
        Tracker[] trackers = new Tracker[k];
        List<List<Box>> boxes = new ArrayList<>();
        List<List<Map<String, String>>> details = new ArrayList<>();
        double[][] scores = new double[k][n];
        double[] secs = new double[k];
        String[] errors = new String[k];
        for (int j = 0; j < k; j++) {
            boxes.add(new ArrayList<>());
            details.add(new ArrayList<>());
            for (int i = 0; i < start; i++) {
                boxes.get(j).add(new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                details.get(j).add(Map.of());
            }
            java.util.Arrays.fill(scores[j], Double.NaN);
        }
        for (int i = start; i < n; i++) {
            SpectralCube frame = seq.frame(i);
            // Rotate the order each frame: the first tracker after a frame load runs on cold caches
            // and idle model threads, which would otherwise bias its frames/s.
            for (int jj = 0; jj < k; jj++) {
                int j = (jj + i) % k;
                Box b;
                Map<String, String> said = Map.of();
                long t = System.nanoTime();
                if (errors[j] != null) {
                    b = new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
                } else {
                    try {
                        if (i == start) {
                            trackers[j] = factories.get(j).create();
                            trackers[j].init(frame, gt.get(i));
                            b = gt.get(i);
                            scores[j][i] = 1;
                        } else {
                            b = trackers[j].track(frame);
                            scores[j][i] = trackers[j].lastScore();
                            said = trackers[j].lastDetails();
                        }
                    } catch (RuntimeException e) {
                        errors[j] = "frame " + (i + 1) + ": " + e;
                        LOG.warn("{} failed on {} {}", factories.get(j).name(), seq.name(), errors[j], e);
                        b = new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
                    }
                }
                secs[j] += (System.nanoTime() - t) / 1e9;
                boxes.get(j).add(b);
                details.get(j).add(said);
            }
        }
        for (Tracker t : trackers) {
            if (t instanceof AutoCloseable c) {
                try { c.close(); } catch (Exception ignored) { }
            }
        }
        List<SequenceResult> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(new SequenceResult(seq.name(), seq.attributes(), boxes.get(j), gt.subList(0, n), scores[j], secs[j], errors[j],
                    visibility, details.get(j)));
        }
        return out;
    }
}
