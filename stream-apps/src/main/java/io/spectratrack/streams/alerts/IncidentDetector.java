package io.spectratrack.streams.alerts;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertKind;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.avro.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The alerting logic, free of Kafka: given a camera's rule, a target's remembered state and its
 * next update or telemetry, it updates the state and returns the alerts that open an incident.
 *
 * <p>Each kind has an opening condition and a clearing condition, and fires only when an incident
 * opens, so one incident is one alert however long it lasts. Noise guards: LOST needs N
 * consecutive lost frames and recovery a few consecutive confident ones; zone crossings need the centre to stay on the new side for a few frames
 * (and LOST boxes, which are stale, never move a target across a zone); low confidence must last
 * a whole time window; a spectral shift must persist for several profiles, and single-frame
 * outliers never enter the baseline.
 */
final class IncidentDetector {
    private final AlertOptions options;
    /** Exponential-average weight giving a mean over about {@code spectralHistoryFrames} profiles. */
    private final float alpha;

    IncidentDetector(AlertOptions options) {
        this.options = options;
        this.alpha = 2f / (options.spectralHistoryFrames() + 1);
    }

    /** A track update; returns the alerts it raises (often none). */
    List<Alert> onUpdate(AlertRule rule, TargetAlertState s, TrackUpdate u, long nowMs) {
        List<Alert> alerts = new ArrayList<>();
        if (u.getFrameIndex() <= s.lastUpdateFrame) return alerts; // replayed or out of order
        s.lastUpdateFrame = u.getFrameIndex();
        s.lastCaptureMs = u.getCaptureTimeMs().toEpochMilli();
        s.lastSeenMs = nowMs;
        BoundingBox box = u.getBox();
        boolean hadBox = s.hasBox;
        double fromX = s.boxX + s.boxW / 2, fromY = s.boxY + s.boxH / 2;
        s.hasBox = true;
        s.boxX = box.getX();
        s.boxY = box.getY();
        s.boxW = box.getWidth();
        s.boxH = box.getHeight();
        s.lastScore = u.getScore();
        if (rule == null || !rule.getEnabled()) {
            s.clearIncidents();
            return alerts;
        }
        Evidence ev = new Evidence(rule, u.getCameraId(), u.getTargetId(), u.getFrameIndex(), s.lastCaptureMs, box,
                u.getScore(), nowMs);
        lostOrRecovered(rule, s, u, ev, alerts);
        reacquired(rule, u, hadBox, fromX, fromY, ev, alerts);
        zones(rule, s, u, ev, alerts);
        lowConfidence(rule, s, u, ev, alerts);
        return alerts;
    }

    private void lostOrRecovered(AlertRule rule, TargetAlertState s, TrackUpdate u, Evidence ev, List<Alert> alerts) {
        if (rule.getLostFrames() <= 0) {
            s.lostStreak = 0;
            s.lostOpen = false;
            return;
        }
        if (u.getStatus() == TrackStatus.LOST) {
            s.lostStreak++;
            s.trackingStreak = 0;
            if (!s.lostOpen && s.lostStreak >= rule.getLostFrames()) {
                s.lostOpen = true;
                alerts.add(ev.alert(AlertKind.TARGET_LOST, null, String.format(Locale.ROOT,
                        "Target %s lost for %d consecutive frames (rule: %d); last trusted box %s.",
                        ev.target, s.lostStreak, rule.getLostFrames(), describe(ev.box))));
            }
            return;
        }
        s.lostStreak = 0;
        // UNCERTAIN is not yet a recovery: the tracker does not trust the box enough to update.
        s.trackingStreak = u.getStatus() == TrackStatus.TRACKING ? s.trackingStreak + 1 : 0;
        if (s.lostOpen && s.trackingStreak >= options.recoverConfirmFrames()) {
            s.lostOpen = false;
            alerts.add(ev.alert(AlertKind.TARGET_RECOVERED, null, String.format(Locale.ROOT,
                    "Target %s tracked again for %d frames, now at %s with score %.2f.", ev.target,
                    s.trackingStreak, describe(ev.box), ev.score)));
        }
    }

    /**
     * A re-acquisition is its own incident: the tracker took the box from a window other than the
     * target's own, so it may have jumped, and an operator may want to check that it is the target.
     */
    private static void reacquired(AlertRule rule, TrackUpdate u, boolean hadBox, double fromX, double fromY, Evidence ev,
                                   List<Alert> alerts) {
        if (!rule.getReacquiredAlerts() || u.getFoundBy() == FoundBy.FOLLOWED) return;
        String how = u.getFoundBy() == FoundBy.RECALLED ? "where it was last seen with conviction"
                : "in a window next to its own after it was lost or uncertain";
        String moved = hadBox ? String.format(Locale.ROOT, "; the box moved %.0f px",
                Math.hypot(ev.centreX() - fromX, ev.centreY() - fromY)) : "";
        alerts.add(ev.alert(AlertKind.TARGET_REACQUIRED, null, String.format(Locale.ROOT,
                "Target %s re-acquired %s (%s)%s, now at %s with score %.2f.", ev.target, how, u.getFoundBy(), moved,
                describe(ev.box), ev.score)));
    }

    private void zones(AlertRule rule, TargetAlertState s, TrackUpdate u, Evidence ev, List<Alert> alerts) {
        Set<String> live = new HashSet<>();
        for (Zone z : rule.getZones()) live.add(z.getZoneId());
        s.zones.keySet().retainAll(live); // a zone removed from the rule ends silently
        if (u.getStatus() == TrackStatus.LOST) return; // the box of a lost target is stale
        double cx = ev.centreX();
        double cy = ev.centreY();
        for (Zone z : rule.getZones()) {
            TargetAlertState.ZoneTrack t = s.zones.computeIfAbsent(z.getZoneId(), id -> new TargetAlertState.ZoneTrack());
            boolean inside = Polygon.contains(z.getPolygon(), cx, cy);
            if (inside == t.inside) {
                t.pending = 0;
                continue;
            }
            if (++t.pending < options.zoneConfirmFrames()) continue;
            t.inside = inside;
            t.pending = 0;
            String name = z.getName().isBlank() ? z.getZoneId() : z.getName();
            alerts.add(ev.alert(inside ? AlertKind.ZONE_ENTER : AlertKind.ZONE_EXIT, z.getZoneId(), String.format(Locale.ROOT,
                    "Target %s %s zone %s: box centre (%.1f, %.1f) %s the polygon for %d frames.", ev.target,
                    inside ? "entered" : "left", name, cx, cy, inside ? "inside" : "outside", options.zoneConfirmFrames())));
        }
    }

    private void lowConfidence(AlertRule rule, TargetAlertState s, TrackUpdate u, Evidence ev, List<Alert> alerts) {
        long window = rule.getLowConfidenceWindowMs();
        if (window <= 0 || u.getScore() >= rule.getLowConfidenceScore()) {
            s.lowSinceMs = -1;
            s.lowOpen = false;
            return;
        }
        if (s.lowSinceMs < 0) s.lowSinceMs = ev.captureMs;
        long low = ev.captureMs - s.lowSinceMs;
        if (!s.lowOpen && low >= window) {
            s.lowOpen = true;
            alerts.add(ev.alert(AlertKind.LOW_CONFIDENCE, null, String.format(Locale.ROOT,
                    "Target %s: every score for %d ms is below %.2f (now %.2f).", ev.target, low,
                    rule.getLowConfidenceScore(), ev.score)));
        }
    }

    /**
     * Band telemetry: compares the target's normalised band-importance profile with its own recent
     * average (L1 distance, 0..2). Returns a SPECTRAL_SHIFT alert when a drift opens.
     *
     * @throws IllegalArgumentException for a profile that is empty, negative or not finite
     */
    List<Alert> onTelemetry(AlertRule rule, TargetAlertState s, BandTelemetry t, long nowMs) {
        List<Alert> alerts = new ArrayList<>();
        float[] p = normalised(t.getBandImportance());
        if (t.getFrameIndex() <= s.lastTelemetryFrame) return alerts;
        s.lastTelemetryFrame = t.getFrameIndex();
        s.lastSeenMs = nowMs;
        if (s.profileMean == null || s.profileMean.length != p.length) {
            s.profileMean = p;
            s.profileCount = 1;
            s.shiftPending = 0;
            s.shiftOpen = false;
            return alerts;
        }
        float threshold = rule == null || !rule.getEnabled() ? 0f : rule.getSpectralShiftThreshold();
        float d = l1(p, s.profileMean);
        boolean warm = s.profileCount >= options.spectralHistoryFrames();
        boolean fold = true;
        if (threshold <= 0 || !warm) {
            s.shiftPending = 0;
            s.shiftOpen = false;
        } else if (!s.shiftOpen) {
            if (d > threshold) {
                if (++s.shiftPending >= options.spectralConfirmFrames()) {
                    s.shiftOpen = true;
                    s.shiftPending = 0;
                    alerts.add(shiftAlert(rule, s, t, p, d, threshold, nowMs));
                } else {
                    fold = false; // not yet confirmed: keep a possible outlier out of the baseline
                }
            } else {
                s.shiftPending = 0;
            }
        } else if (d < threshold / 2) {
            // Hysteresis: the incident closes once the baseline has absorbed the new profile.
            s.shiftOpen = false;
        }
        if (fold) {
            for (int i = 0; i < p.length; i++) s.profileMean[i] += alpha * (p[i] - s.profileMean[i]);
            s.profileCount = Math.min(s.profileCount + 1, Integer.MAX_VALUE - 1);
        }
        return alerts;
    }

    private Alert shiftAlert(AlertRule rule, TargetAlertState s, BandTelemetry t, float[] p, float d, float threshold, long nowMs) {
        BoundingBox box = s.hasBox ? new BoundingBox(s.boxX, s.boxY, s.boxW, s.boxH) : null;
        Evidence ev = new Evidence(rule, t.getCameraId(), t.getTargetId(), t.getFrameIndex(),
                t.getCaptureTimeMs().toEpochMilli(), box, s.lastScore, nowMs);
        return ev.alert(AlertKind.SPECTRAL_SHIFT, null, String.format(Locale.ROOT,
                "Target %s: band-importance profile moved %.3f (L1) from its recent average (threshold %.3f); "
                        + "top bands now %s, recently %s%s.", ev.target, d, threshold, top(p, 3), top(s.profileMean, 3),
                wavelengths(t, p)));
    }

    private static String wavelengths(BandTelemetry t, float[] p) {
        List<Float> wl = t.getWavelengthsNm();
        if (wl.size() != p.length) return "";
        return " (" + top(p, 3).stream().map(b -> String.format(Locale.ROOT, "%.0f nm", wl.get(b)))
                .collect(Collectors.joining(", ")) + ")";
    }

    static float[] normalised(List<Float> importance) {
        if (importance.isEmpty()) throw new IllegalArgumentException("band importance is empty");
        float[] p = new float[importance.size()];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            float v = importance.get(i);
            if (!Float.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("band importance " + i + " is " + v + " (must be finite and non-negative)");
            }
            p[i] = v;
            sum += v;
        }
        if (sum <= 0) throw new IllegalArgumentException("band importance sums to 0");
        for (int i = 0; i < p.length; i++) p[i] /= (float) sum;
        return p;
    }

    static float l1(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
        return d;
    }

    private static List<Integer> top(float[] p, int n) {
        return IntStream.range(0, p.length).boxed()
                .sorted((i, j) -> Float.compare(p[j], p[i]))
                .limit(n).toList();
    }

    private static String describe(BoundingBox b) {
        return b == null ? "(none)" : String.format(Locale.ROOT, "[x=%.1f y=%.1f w=%.1f h=%.1f]",
                b.getX(), b.getY(), b.getWidth(), b.getHeight());
    }

    /** The facts every alert of one input record carries. */
    private record Evidence(AlertRule rule, String camera, String target, long frame, long captureMs,
                            BoundingBox box, float score, long nowMs) {
        double centreX() { return box.getX() + box.getWidth() / 2; }

        double centreY() { return box.getY() + box.getHeight() / 2; }

        Alert alert(AlertKind kind, String zoneId, String message) {
            String id = camera + "/" + target + "/" + kind + "/" + frame + (zoneId == null ? "" : "/" + zoneId);
            return Alert.newBuilder()
                    .setAlertId(id)
                    .setKind(kind)
                    .setCameraId(camera)
                    .setTargetId(target)
                    .setFrameIndex(frame)
                    .setCaptureTimeMs(Instant.ofEpochMilli(captureMs))
                    .setBox(box == null ? null : BoundingBox.newBuilder(box).build())
                    .setScore(score)
                    .setRuleId(rule.getRuleId())
                    .setZoneId(zoneId)
                    .setMessage(message)
                    .setRaisedAtMs(Instant.ofEpochMilli(nowMs))
                    .build();
        }
    }

}
