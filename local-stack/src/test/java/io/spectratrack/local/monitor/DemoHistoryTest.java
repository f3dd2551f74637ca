package io.spectratrack.local.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.GroundTruthLog;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A demo left running keeps a bounded history: the last HISTORY_FRAMES frames of boxes and truth. */
class DemoHistoryTest {

    @Test
    void boxesAndTruthOfALongRunAreTrimmedToTheLastHour() {
        LiveState live = new LiveState();
        GroundTruthLog truth = new GroundTruthLog();
        long frames = GroundTruthLog.HISTORY_FRAMES + 5_000;
        for (long i = 0; i < frames; i++) {
            live.onUpdate(TrackUpdate.newBuilder().setCameraId("cam").setTargetId("t1").setFrameIndex(i)
                    .setCaptureTimeMs(Instant.ofEpochMilli(i)).setBox(new BoundingBox((double) i, 1.0, 5.0, 5.0))
                    .setScore(0.9f).setStatus(TrackStatus.TRACKING).setModelId("m").build());
            truth.record("cam", "t1", i, new Box(i, 1, 5, 5));
        }
        var boxes = live.camera("cam").target("t1").boxes();
        assertThat(boxes).hasSize((int) GroundTruthLog.HISTORY_FRAMES);
        assertThat(boxes.keySet().iterator().next()).isEqualTo(frames - GroundTruthLog.HISTORY_FRAMES);
        assertThat(live.camera("cam").target("t1").boxAt(frames - 1).x()).isEqualTo(frames - 1);
        assertThat(live.camera("cam").target("t1").latest().getFrameIndex()).isEqualTo(frames - 1);
        assertThat(truth.camera("cam").get("t1")).hasSize((int) GroundTruthLog.HISTORY_FRAMES);
    }
}
