package io.spectratrack.datasets.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spectratrack.geometry.Box;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the evaluation outputs: {@code summary.json}, one {@code <tracker>/<sequence>.txt} box
 * file per sequence (HOT/OTB result format, {@code x y w h} per frame, tab-separated), the PNG
 * plots ({@link Plots}), and one per-frame log {@code frames/<tracker>/<sequence>.csv} per sequence
 * (the columns below), so a user can see on which frames, in which state, and on what evidence a
 * tracker lost its target on their own data.
 *
 * <h2>frames/&lt;tracker&gt;/&lt;sequence&gt;.csv columns</h2>
 * <pre>
 * frame                             1-based, as the HSI/0001.png file names
 * x, y, w, h                        the tracker's box (NaN before the first annotated frame or after an error)
 * truth_x, truth_y, truth_w, truth_h   the ground truth
 * iou, centre_error                 the per-frame values the metrics are built from (centre error in px)
 * score                             the tracker's confidence ({@link Tracker#lastScore()}; 1 on the initial frame)
 * visibility                        the target's visible fraction when the data set says (synthetic data), else empty
 * then the tracker's own columns ({@link Tracker#lastDetails()}), e.g. for the BCR-Net trackers
 * status, found_by, network_score, signature_score, reference_score, doubtful_frames
 * </pre>
 *
 * <h2>summary.json keys</h2>
 * <pre>
 * protocol.success_otb_thresholds   21 IoU thresholds 0..1 step 0.05 (success = IoU &gt; threshold)
 * protocol.success_hot_thresholds   50 IoU thresholds 0.02..1 step 0.02 (HOT challenge script)
 * protocol.precision_thresholds     centre-error thresholds 0..50 px (precision = error &lt;= threshold)
 * protocol.averaging                "per-sequence curves averaged over sequences (OTB)"
 * trackers.&lt;name&gt;.overall           scores over all sequences:
 *     sequences, frames             how many
 *     auc_otb                       mean of the OTB success curve (the usual "success AUC")
 *     auc_hot                       mean of the HOT success curve
 *     precision_20px                precision at 20 px (DP@20)
 *     fps                           frames / seconds spent in init+track (data loading excluded)
 *     success_curve_otb, success_curve_hot, precision_curve   the curves themselves
 * trackers.&lt;name&gt;.per_attribute.&lt;attr&gt;  same keys as overall (without curves), over the sequences with that attribute
 * trackers.&lt;name&gt;.per_sequence.&lt;seq&gt;   frames, auc_otb, auc_hot, precision_20px, fps, attributes, error (null if none)
 * </pre>
 */
public final class EvaluationReport {
    private EvaluationReport() {}

    /** The per-frame log of one tracker on one sequence (columns in the class comment). */
    static String frameLog(SequenceResult r) {
        Set<String> own = new LinkedHashSet<>();
        for (Map<String, String> d : r.details()) own.addAll(d.keySet());
        StringBuilder sb = new StringBuilder("frame,x,y,w,h,truth_x,truth_y,truth_w,truth_h,iou,centre_error,score,visibility");
        for (String k : own) sb.append(',').append(k);
        sb.append('\n');
        double[] iou = r.ious(), err = r.centreErrors();
        for (int i = 0; i < iou.length; i++) {
            Box b = r.predicted().get(i), t = r.truth().get(i);
            sb.append(i + 1);
            for (double v : new double[] {b.x(), b.y(), b.width(), b.height(), t.x(), t.y(), t.width(), t.height()}) {
                sb.append(',').append(number(v, "%.2f"));
            }
            sb.append(',').append(number(iou[i], "%.4f")).append(',').append(number(err[i], "%.2f"));
            sb.append(',').append(number(r.scores()[i], "%.4f"));
            sb.append(',').append(r.visibility() != null && i < r.visibility().length ? number(r.visibility()[i], "%.2f") : "");
            Map<String, String> d = r.details().get(i);
            for (String k : own) sb.append(',').append(d.getOrDefault(k, ""));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String number(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : Double.toString(v); // NaN, Infinity
    }

    public static void write(Path outDir, List<TrackerSummary> summaries, Map<String, Object> runInfo) {
        try {
            Files.createDirectories(outDir);
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(outDir.resolve("summary.json"), om.writeValueAsString(toJson(om, summaries, runInfo)), StandardCharsets.UTF_8);
            for (TrackerSummary s : summaries) {
                Path d = outDir.resolve("results").resolve(s.tracker());
                for (SequenceResult r : s.sequences()) {
                    Path f = d.resolve(r.sequence().replace('/', '_') + ".txt");
                    Files.createDirectories(f.getParent());
                    StringBuilder sb = new StringBuilder();
                    for (Box b : r.predicted()) {
                        sb.append(String.format(Locale.ROOT, "%.2f\t%.2f\t%.2f\t%.2f%n", b.x(), b.y(), b.width(), b.height()));
                    }
                    Files.writeString(f, sb);
                    Path log = outDir.resolve("frames").resolve(s.tracker()).resolve(r.sequence().replace('/', '_') + ".csv");
                    Files.createDirectories(log.getParent());
                    Files.writeString(log, frameLog(r));
                }
            }
            Plots.writeAll(outDir, summaries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation results to " + outDir + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode toJson(ObjectMapper om, List<TrackerSummary> summaries, Map<String, Object> runInfo) {
        ObjectNode root = om.createObjectNode();
        ObjectNode proto = root.putObject("protocol");
        proto.set("success_otb_thresholds", array(om, Metrics.OTB_THRESHOLDS));
        proto.set("success_hot_thresholds", array(om, Metrics.HOT_THRESHOLDS));
        proto.set("precision_thresholds", array(om, Metrics.PRECISION_THRESHOLDS));
        proto.put("averaging", "per-sequence curves averaged over sequences (OTB)");
        if (runInfo != null) root.set("run", om.valueToTree(runInfo));
        ObjectNode trackers = root.putObject("trackers");
        for (TrackerSummary s : summaries) {
            ObjectNode t = trackers.putObject(s.tracker());
            TrackerSummary.Scores o = s.overall();
            ObjectNode ov = scores(t.putObject("overall"), o);
            ov.set("success_curve_otb", array(om, o.successOtb()));
            ov.set("success_curve_hot", array(om, o.successHot()));
            ov.set("precision_curve", array(om, o.precision()));
            ObjectNode pa = t.putObject("per_attribute");
            s.perAttribute().forEach((a, sc) -> scores(pa.putObject(a), sc));
            ObjectNode ps = t.putObject("per_sequence");
            for (SequenceResult r : s.sequences()) {
                ObjectNode q = ps.putObject(r.sequence());
                q.put("frames", r.frames());
                q.put("auc_otb", round(r.aucOtb()));
                q.put("auc_hot", round(r.aucHot()));
                q.put("precision_20px", round(r.precision20()));
                q.put("fps", round(r.fps()));
                ArrayNode at = q.putArray("attributes");
                r.attributes().stream().sorted().forEach(at::add);
                if (r.error() == null) q.putNull("error"); else q.put("error", r.error());
            }
        }
        return root;
    }

    private static ObjectNode scores(ObjectNode n, TrackerSummary.Scores s) {
        n.put("sequences", s.sequences());
        n.put("frames", s.frames());
        n.put("auc_otb", round(s.aucOtb()));
        n.put("auc_hot", round(s.aucHot()));
        n.put("precision_20px", round(s.precision20()));
        n.put("fps", round(s.fps()));
        return n;
    }

    private static ArrayNode array(ObjectMapper om, double[] v) {
        ArrayNode a = om.createArrayNode();
        for (double d : v) a.add(round(d));
        return a;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : 0;
    }

    /** A fixed-width table of the overall and per-attribute AUC (OTB) for the console and READMEs. */
    public static String table(List<TrackerSummary> summaries) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-16s | %7s | %7s | %6s | %7s |%n", "tracker", "AUC OTB", "AUC HOT", "P@20", "fps"));
        sb.append("|------------------|---------|---------|--------|---------|\n");
        for (TrackerSummary s : summaries) {
            TrackerSummary.Scores o = s.overall();
            sb.append(String.format(Locale.ROOT, "| %-16s | %7.3f | %7.3f | %6.3f | %7.1f |%n", s.tracker(), o.aucOtb(), o.aucHot(), o.precision20(), o.fps()));
        }
        if (summaries.isEmpty()) return sb.toString();
        sb.append("\nSuccess AUC (OTB) per attribute (sequences in brackets):\n\n");
        sb.append(String.format(Locale.ROOT, "| %-16s |", "attribute"));
        for (TrackerSummary s : summaries) sb.append(String.format(Locale.ROOT, " %14s |", s.tracker()));
        sb.append('\n').append("|------------------|");
        for (int i = 0; i < summaries.size(); i++) sb.append("----------------|");
        sb.append('\n');
        for (String a : summaries.get(0).perAttribute().keySet()) {
            sb.append(String.format(Locale.ROOT, "| %-16s |", a + " (" + summaries.get(0).perAttribute().get(a).sequences() + ")"));
            for (TrackerSummary s : summaries) {
                TrackerSummary.Scores sc = s.perAttribute().get(a);
                sb.append(String.format(Locale.ROOT, " %14s |", sc == null ? "-" : String.format(Locale.ROOT, "%.3f", sc.aucOtb())));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
