package io.spectratrack.local.dashboard;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.local.monitor.LiveState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The page's view of the system at one instant, as plain maps for JSON. Boxes are shown on the
 * frame they were computed for, with that frame's ground truth next to them.
 */
final class DashboardSnapshot {
    private DashboardSnapshot() {}

    static Map<String, Object> of(LiveState live, GroundTruthLog truth, Supplier<Map<String, Object>> extraStatus,
                                  boolean withHistory) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status(live, extraStatus.get()));
        List<Object> cameras = new ArrayList<>();
        for (LiveState.CameraView c : live.cameras().values()) {
            HyperspectralFrame h = c.latestHeader();
            if (h == null) continue;
            Map<String, Object> cam = new LinkedHashMap<>();
            cam.put("id", c.id());
            cam.put("frameIndex", c.lastFrameIndex());
            cam.put("width", h.getWidth());
            cam.put("height", h.getHeight());
            cam.put("bands", h.getBands());
            cam.put("wavelengths", h.getWavelengthsNm());
            if (c.rule() != null && c.rule().getEnabled()) {
                List<Object> zones = new ArrayList<>();
                for (var z : c.rule().getZones()) {
                    List<Object> poly = new ArrayList<>();
                    for (var p : z.getPolygon()) poly.add(Map.of("x", p.getX(), "y", p.getY()));
                    zones.add(Map.of("zoneId", z.getZoneId(), "name", z.getName(), "polygon", poly));
                }
                cam.put("zones", zones);
            }
            cam.put("rgbBands", FalseColour.chooseBands(h.getBands(), h.getWavelengthsNm()));
            // The frame to show: the newest one held (the watcher may keep only a sample of the
            // frames) that a target has a box on, so boxes are drawn on the frame they were found
            // on; else the newest frame any target has a box on, else the newest frame.
            long shown = -1;
            for (LiveState.TargetView t : c.targets().values()) {
                if (t.latest() != null) shown = Math.max(shown, t.latest().getFrameIndex());
            }
            for (long f : c.heldFrames()) {
                if (f > shown) continue;
                boolean boxed = false;
                for (LiveState.TargetView t : c.targets().values()) boxed |= t.boxAt(f) != null;
                if (boxed) {
                    shown = f;
                    break;
                }
            }
            cam.put("shownFrame", shown >= 0 ? shown : c.lastFrameIndex());
            List<Object> targets = new ArrayList<>();
            for (LiveState.TargetView t : c.targets().values()) {
                Map<String, Object> m = target(c.id(), t, truth, withHistory);
                Box onShown = t.boxAt(shown);
                if (onShown != null) m.put("box", box(onShown));
                targets.add(m);
            }
            // Targets the operator started but the tracker has not answered for yet.
            if (truth != null) {
                for (String tid : truth.camera(c.id()).keySet()) {
                    if (!c.targets().containsKey(tid)) {
                        Map<String, Object> pending = new LinkedHashMap<>();
                        pending.put("id", tid);
                        pending.put("status", "WAITING");
                        var tb = truth.camera(c.id()).get(tid).lastEntry();
                        if (tb != null) pending.put("truth", box(tb.getValue()));
                        targets.add(pending);
                    }
                }
            }
            cam.put("targets", targets);
            cameras.add(cam);
        }
        out.put("cameras", cameras);
        List<Object> alerts = new ArrayList<>();
        for (Alert a : live.recentAlerts(50)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.getAlertId());
            m.put("kind", a.getKind().name());
            m.put("cameraId", a.getCameraId());
            m.put("targetId", a.getTargetId());
            m.put("frameIndex", a.getFrameIndex());
            m.put("captureTimeMs", a.getCaptureTimeMs().toEpochMilli());
            m.put("zoneId", a.getZoneId());
            m.put("message", a.getMessage());
            alerts.add(m);
        }
        out.put("alerts", alerts);
        return out;
    }

    private static Map<String, Object> status(LiveState live, Map<String, Object> extra) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("uptimeS", (System.currentTimeMillis() - live.startedMs()) / 1000.0);
        s.put("framesPerSecond", Math.round(live.framesPerSecond() * 10) / 10.0);
        s.put("ingestLagP50Ms", live.frameLag().recentPercentile(50, 100));
        s.put("latencyP50Ms", live.latency().recentPercentile(50, 500));
        s.put("latencyP99Ms", live.latency().recentPercentile(99, 500));
        s.put("activeTargets", live.activeTargets());
        s.put("alerts", live.alertCount());
        s.put("framesIn", live.framesIn());
        s.put("updates", live.updates());
        s.put("droppedFrames", live.framesWithoutUpdate() + live.framesMissed());
        s.putAll(extra);
        return s;
    }

    private static Map<String, Object> target(String cameraId, LiveState.TargetView t, GroundTruthLog truth,
                                              boolean withHistory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        TrackUpdate u = t.latest();
        if (u != null) {
            m.put("frameIndex", u.getFrameIndex());
            m.put("box", box(u.getBox()));
            m.put("score", Math.round(u.getScore() * 1000) / 1000.0);
            m.put("status", u.getStatus().name());
            m.put("foundBy", u.getFoundBy().name());
            m.put("latencyMs", u.getLatencyMs());
            m.put("modelId", u.getModelId());
            Box gt = truth == null ? null : truth.at(cameraId, t.id(), u.getFrameIndex());
            if (gt != null) m.put("truth", box(gt));
        }
        BandTelemetry latest = t.latestTelemetry();
        if (latest != null) {
            m.put("importance", importanceSample(latest));
        }
        if (withHistory) {
            List<Object> h = new ArrayList<>();
            for (BandTelemetry b : t.telemetry()) h.add(importanceSample(b));
            m.put("importanceHistory", h);
        }
        return m;
    }

    private static Map<String, Object> importanceSample(BandTelemetry b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frameIndex", b.getFrameIndex());
        m.put("values", b.getBandImportance());
        m.put("branchWeights", b.getBranchWeights());
        return m;
    }

    private static Map<String, Object> box(BoundingBox b) {
        return Map.of("x", b.getX(), "y", b.getY(), "w", b.getWidth(), "h", b.getHeight());
    }

    private static Map<String, Object> box(Box b) {
        return Map.of("x", b.x(), "y", b.y(), "w", b.width(), "h", b.height());
    }
}
