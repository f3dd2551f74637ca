package io.spectratrack.local;

import io.spectratrack.datasets.eval.Metrics;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.local.monitor.LiveState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The end-of-run report: per target, success AUC and precision at 20 px of the boxes the job
 * published against the synthetic ground truth, over every frame from the START frame to the last
 * frame that reached the {@code frames} topic (within the last
 * {@link io.spectratrack.local.camera.GroundTruthLog#HISTORY_FRAMES} frames: a long demo keeps a
 * bounded history); latency percentiles; dropped frames; alerts; dead letters by topic and reason.
 *
 * <p>A frame the job skipped (real-time policy) has no box of its own; it is scored with the last
 * box published before it, which is what a consumer of {@code track.updates} believes on that
 * frame. "answered" says how many frames had a box of their own; with {@code realtime.policy=
 * process-all} every frame is answered and the scores are those of the offline evaluation of
 * the same sequence.
 */
public final class DemoSummary {
    /** One target's scores. */
    public record TargetScore(String cameraId, String targetId, int frames, int answered, double successAuc,
                              double precision20) {}

    private final List<TargetScore> targets;
    private final long latencyP50;
    private final long latencyP90;
    private final long latencyP99;
    private final long framesIn;
    private final long skippedByJob;
    private final long shedByIngest;
    private final long skippedAtCameras;
    private final long alerts;
    private final long updates;
    private final Map<String, Long> deadLetters;
    private final List<String> recentDeadLetters;

    private DemoSummary(List<TargetScore> targets, LiveState live, GroundTruthLog truth) {
        this.targets = targets;
        this.latencyP50 = live.latency().percentile(50);
        this.latencyP90 = live.latency().percentile(90);
        this.latencyP99 = live.latency().percentile(99);
        this.framesIn = live.framesIn();
        this.skippedByJob = live.skippedByJob();
        this.shedByIngest = live.shedByIngest();
        this.skippedAtCameras = truth.skippedAtCameras();
        this.alerts = live.alertCount();
        this.updates = live.updates();
        this.deadLetters = live.deadLetterCounts();
        this.recentDeadLetters = live.recentDeadLetters();
    }

    public static DemoSummary of(LiveState live, GroundTruthLog truth) {
        List<TargetScore> scores = new ArrayList<>();
        for (var cam : new TreeMap<>(truth.all()).entrySet()) {
            for (var t : new TreeMap<>(cam.getValue()).entrySet()) {
                Map<Long, Box> published = live.camera(cam.getKey()).target(t.getKey()).boxes();
                long lastFrame = live.camera(cam.getKey()).lastFrameIndex();
                scores.add(score(cam.getKey(), t.getKey(), t.getValue(), new TreeMap<>(published), lastFrame));
            }
        }
        return new DemoSummary(scores, live, truth);
    }

    /**
     * Scores one target like the offline evaluation does (datasets' {@link Metrics}, OTB success
     * thresholds): from the START frame, which counts with the operator's box as in the OTB
     * toolkit, to the last frame that reached the {@code frames} topic ({@code lastFrame}): frames
     * the job dropped or had not tracked yet count with the box a consumer last saw.
     */
    static TargetScore score(String cameraId, String targetId, NavigableMap<Long, Box> truth, NavigableMap<Long, Box> published,
                             long lastFrame) {
        List<Box> predicted = new ArrayList<>();
        List<Box> expected = new ArrayList<>();
        int answered = 0;
        if (!published.isEmpty() && !truth.isEmpty()) {
            long start = truth.firstKey();
            long last = Math.min(truth.lastKey(), Math.max(lastFrame, published.lastKey()));
            Box current = truth.firstEntry().getValue();
            for (var e : truth.subMap(start, true, last, true).entrySet()) {
                Box own = e.getKey() == start ? current : published.get(e.getKey());
                if (own != null) {
                    answered++;
                    current = own;
                } else {
                    // Dropped frame: a consumer still believes the last published box.
                    var before = published.floorEntry(e.getKey());
                    if (before != null && before.getKey() >= start) current = before.getValue();
                }
                predicted.add(current);
                expected.add(e.getValue());
            }
        }
        double[] ious = Metrics.ious(predicted, expected);
        double[] errors = Metrics.centreErrors(predicted, expected);
        return new TargetScore(cameraId, targetId, expected.size(), answered,
                Metrics.auc(Metrics.successCurve(ious, Metrics.OTB_THRESHOLDS)), Metrics.precisionAt(errors, Metrics.PRECISION_PX));
    }

    public List<TargetScore> targets() { return targets; }
    public long alerts() { return alerts; }
    public long updates() { return updates; }
    public Map<String, Long> deadLetters() { return deadLetters; }
    public long latencyP50() { return latencyP50; }
    public long latencyP99() { return latencyP99; }

    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("---- SpectraTrack demo summary ----\n");
        s.append(String.format(Locale.ROOT, "%-10s %-8s %7s %9s %12s %13s%n", "camera", "target", "frames", "answered",
                "success AUC", "precision@20"));
        for (TargetScore t : targets) {
            s.append(String.format(Locale.ROOT, "%-10s %-8s %7d %8.1f%% %12.3f %13.3f%n", t.cameraId(), t.targetId(), t.frames(),
                    t.frames() == 0 ? 0.0 : 100.0 * t.answered() / t.frames(), t.successAuc(), t.precision20()));
        }
        if (targets.isEmpty()) s.append("(no targets were started)\n");
        s.append(String.format(Locale.ROOT, "latency capture->track.updates: p50 %s, p90 %s, p99 %s over %d updates%n",
                ms(latencyP50), ms(latencyP90), ms(latencyP99), updates));
        s.append(String.format(Locale.ROOT, "frames: %d calibrated frames published; not tracked (more than the machine affords, "
                + "realtime.policy=latest, each counted on the next record): %d skipped by the job, %d shed by the ingest gateway; "
                + "%d skipped by the cameras (could not keep the frame rate)%n",
                framesIn, skippedByJob, shedByIngest, skippedAtCameras));
        s.append(String.format(Locale.ROOT, "alerts fired: %d%n", alerts));
        if (deadLetters.isEmpty()) {
            s.append("dead letters: none\n");
        } else {
            s.append("dead letters (refused records, each with its reason in its *.dlq topic):\n");
            deadLetters.forEach((k, n) -> s.append(String.format(Locale.ROOT, "  %6d  %s%n", n, k)));
            int shown = Math.min(3, recentDeadLetters.size());
            for (String r : recentDeadLetters.subList(recentDeadLetters.size() - shown, recentDeadLetters.size())) {
                s.append("  last: ").append(r).append('\n');
            }
        }
        return s.toString();
    }

    private static String ms(long v) {
        return v < 0 ? "-" : v + " ms";
    }
}
