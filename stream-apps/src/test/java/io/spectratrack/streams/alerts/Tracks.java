package io.spectratrack.streams.alerts;

import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.Point;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.avro.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Synthetic tracker output for the alert tests: one update every 100 ms per frame. */
public final class Tracks {
    public static final long T0 = 1_700_000_000_000L;
    public static final long FRAME_MS = 100;

    private Tracks() {}

    public static long time(long frame) {
        return T0 + frame * FRAME_MS;
    }

    /** An update whose box (20x20) is centred on (cx, cy). */
    public static TrackUpdate update(String camera, String target, long frame, double cx, double cy,
                                     float score, TrackStatus status) {
        return TrackUpdate.newBuilder()
                .setCameraId(camera).setTargetId(target).setFrameIndex(frame)
                .setCaptureTimeMs(Instant.ofEpochMilli(time(frame)))
                .setBox(new BoundingBox(cx - 10, cy - 10, 20.0, 20.0))
                .setScore(score).setStatus(status)
                .build();
    }

    public static BandTelemetry telemetry(String camera, String target, long frame, float[] importance) {
        List<Float> imp = new ArrayList<>();
        for (float v : importance) imp.add(v);
        return BandTelemetry.newBuilder()
                .setCameraId(camera).setTargetId(target).setFrameIndex(frame)
                .setCaptureTimeMs(Instant.ofEpochMilli(time(frame)))
                .setBandImportance(imp).setBandOrder(List.of()).setGroups(List.of()).setBranchWeights(List.of())
                .build();
    }

    /** Square zone [x0, x1] x [y0, y1]. */
    public static Zone square(String id, double x0, double y0, double x1, double y1) {
        return Zone.newBuilder().setZoneId(id).setName(id)
                .setPolygon(List.of(new Point(x0, y0), new Point(x1, y0), new Point(x1, y1), new Point(x0, y1)))
                .build();
    }

    public static AlertRule.Builder rule(String camera, String ruleId) {
        return AlertRule.newBuilder().setCameraId(camera).setRuleId(ruleId);
    }
}
