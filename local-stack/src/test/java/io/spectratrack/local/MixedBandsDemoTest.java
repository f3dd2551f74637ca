package io.spectratrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.serving.ShippedModel;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code demo --cameras 2 --bands 16,25}: a VIS and a NIR camera in one stack, one tracking job,
 * each camera's target tracked on every frame by the model shipped for its band count.
 */
class MixedBandsDemoTest {
    private static final int FRAMES = 16;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aVisAndANirCameraAreTrackedSideBySideEachByTheModelForItsBandCount() throws Exception {
        DemoSettings settings = DemoAgreesWithOfflineEvalTest.oneLap(FRAMES, 128, 96);
        LocalStack.Options options = new LocalStack.Options(2, List.of(16, 25), 4, 0, null, null, settings);
        Map<String, Integer> bandsOf = Map.of("cam-1", 16, "cam-2", 25);

        try (LocalStack stack = new LocalStack(options).start()) {
            assertThat(stack.trackingAvailable()).as("tracking job running: %s", stack.warnings()).isTrue();
            assertThat(stack.warnings()).as("both band counts have a trained model").isEmpty();
            stack.awaitCameras();
            long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(150);
            while (!allAnswered(stack, bandsOf.keySet()) && System.currentTimeMillis() < deadline) Thread.sleep(250);

            bandsOf.forEach((camera, bands) -> {
                var view = stack.live().camera(camera);
                assertThat(view.latestHeader().getBands()).as(camera + " frames").isEqualTo(bands);
                var target = view.target("t1");
                Map<Long, Box> sent = stack.truth().camera(camera).get("t1");
                assertThat(target.boxes().keySet()).as(camera + ": a box for every frame sent").containsAll(sent.keySet());
                assertThat(target.latest().getModelId()).as(camera + " model").isEqualTo(shippedModelId(bands));
            });
            DemoSummary summary = stack.summary();
            System.out.println(summary.render());
            assertThat(summary.targets()).hasSize(2).allSatisfy(t -> assertThat(t.answered()).isEqualTo(t.frames()));
        }
    }

    private static boolean allAnswered(LocalStack stack, Iterable<String> cameras) {
        for (String c : cameras) {
            var view = stack.live().camera(c);
            Map<Long, Box> sent = stack.truth().camera(c).get("t1");
            // The page's frame reader samples the newest frame a few times a second: it may show a
            // camera's first frame after the job has answered them all.
            if (view == null || sent == null || view.latestHeader() == null || view.target("t1") == null
                    || view.target("t1").boxes().size() < sent.size()) return false;
        }
        return true;
    }

    private static String shippedModelId(int bands) {
        try {
            return new ObjectMapper().readTree(Files.readString(ShippedModel.liteForBands(bands).resolve(BcrNetExporter.METADATA_FILE)))
                    .path("modelId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
