package io.spectratrack.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonAndStateTest {

    @Test
    void pointInPolygonHandlesConcaveShapesAndDegenerateZones() {
        // An L-shaped zone: the notch at the top right is outside.
        List<Point> l = List.of(new Point(0.0, 0.0), new Point(10.0, 0.0), new Point(10.0, 4.0), new Point(4.0, 4.0),
                new Point(4.0, 10.0), new Point(0.0, 10.0));
        assertThat(Polygon.contains(l, 2, 2)).isTrue();
        assertThat(Polygon.contains(l, 8, 2)).isTrue();
        assertThat(Polygon.contains(l, 2, 8)).isTrue();
        assertThat(Polygon.contains(l, 8, 8)).isFalse();
        assertThat(Polygon.contains(l, -1, 5)).isFalse();
        assertThat(Polygon.contains(List.of(new Point(0.0, 0.0), new Point(5.0, 5.0)), 1, 1)).isFalse();
    }

    @Test
    void targetStateSurvivesTheStoreSerde() {
        TargetAlertState s = new TargetAlertState();
        s.lastUpdateFrame = 42;
        s.lastTelemetryFrame = 41;
        s.lastSeenMs = 1000;
        s.lastCaptureMs = 999;
        s.hasBox = true;
        s.boxX = 1.5;
        s.boxW = 20;
        s.lastScore = 0.7f;
        s.lostStreak = 3;
        s.lostOpen = true;
        s.trackingStreak = 2;
        TargetAlertState.ZoneTrack z = new TargetAlertState.ZoneTrack();
        z.inside = true;
        z.pending = 2;
        s.zones.put("pier", z);
        s.lowSinceMs = 500;
        s.profileMean = new float[] {0.25f, 0.75f};
        s.profileCount = 9;
        s.shiftOpen = true;

        TargetAlertState back = TargetAlertState.SERDE.deserializer().deserialize("t",
                TargetAlertState.SERDE.serializer().serialize("t", s));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
    }
}
