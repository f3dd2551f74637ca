package io.spectratrack.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.local.monitor.LiveState;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The page's server on what the topic watcher would have read: snapshot JSON, frame JPEG, static page. */
class DashboardServerTest {
    @Test
    void servesThePageTheSnapshotAndTheFrameTheBoxWasComputedOn() throws Exception {
        LiveState live = new LiveState();
        GroundTruthLog truth = new GroundTruthLog();
        for (int i = 0; i < 3; i++) {
            float[] data = new float[16 * 24 * 32];
            for (int k = 0; k < data.length; k++) data[k] = (k % 97) / 97f;
            HyperspectralFrame f = FrameCubes.toFrame("cam-1", i, 1000 + i, new SpectralCube(16, 24, 32, data), List.of(), true);
            live.onFrame(f, AvroCodec.of(HyperspectralFrame.class).encode(f));
        }
        truth.record("cam-1", "t1", 1, new Box(4, 5, 6, 7));
        live.onUpdate(TrackUpdate.newBuilder().setCameraId("cam-1").setTargetId("t1").setFrameIndex(1)
                .setCaptureTimeMs(Instant.ofEpochMilli(1001)).setBox(new BoundingBox(5.0, 5.0, 6.0, 7.0))
                .setScore(0.8f).setStatus(TrackStatus.TRACKING).setFoundBy(FoundBy.RECALLED).build());
        List<Float> importance = new ArrayList<>();
        for (int b = 0; b < 16; b++) importance.add((float) b);
        live.onTelemetry(BandTelemetry.newBuilder().setCameraId("cam-1").setTargetId("t1").setFrameIndex(1)
                .setCaptureTimeMs(Instant.ofEpochMilli(1001)).setBandImportance(importance).setBandOrder(List.of())
                .setGroups(List.of()).setBranchWeights(List.of(1f)).build());

        try (DashboardServer server = new DashboardServer(0, live, truth, () -> Map.of("model", "test")).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("SpectraTrack").contains("app.js");

            JsonNode state = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode cam = state.path("cameras").get(0);
            assertThat(cam.path("id").asText()).isEqualTo("cam-1");
            assertThat(cam.path("frameIndex").asLong()).isEqualTo(2);
            assertThat(cam.path("shownFrame").asLong()).as("the frame the box is on").isEqualTo(1);
            JsonNode t = cam.path("targets").get(0);
            assertThat(t.path("box").path("x").asDouble()).isEqualTo(5.0);
            assertThat(t.path("truth").path("x").asDouble()).isEqualTo(4.0);
            assertThat(t.path("foundBy").asText()).as("a re-acquisition is shown as one").isEqualTo("RECALLED");
            assertThat(t.path("importanceHistory")).hasSize(1);
            assertThat(state.path("status").path("model").asText()).isEqualTo("test");

            HttpResponse<byte[]> jpeg = http.send(HttpRequest.newBuilder(URI.create(base + "/api/frame?camera=cam-1&index=1")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(jpeg.statusCode()).isEqualTo(200);
            assertThat(jpeg.headers().firstValue("X-Frame-Index")).contains("1");
            var img = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
            assertThat(img.getWidth()).isEqualTo(32);
            assertThat(img.getHeight()).isEqualTo(24);

            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/frame?camera=nobody")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        }
    }
}
