package io.spectratrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.datasets.eval.Metrics;
import io.spectratrack.flink.tracking.ModelTrackingEngine;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.CameraFeed;
import io.spectratrack.local.camera.CameraFleet;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.tracking.FusionMode;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.SiameseTrackerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's end-of-run accuracy is the offline evaluation's: one synthetic camera sends one lap of
 * a short sequence through the whole embedded system (raw 12-bit mosaics, the ingest gateway's
 * demosaic and dark/white correction, the Flink job with the shipped model, track.updates), and
 * the summary's success AUC and precision@20 are compared with the offline tracker (same model,
 * same tracker settings, datasets' Metrics) run on the scene's own frames.
 *
 * <p>They cannot be bit-identical: the camera quantises to 12 bits and the gateway reconstructs
 * reflectance, so a crop differs by up to half a quantisation step and an argmax between two close
 * cells may flip, so the scores are compared within 0.05 AUC and 0.1 precision (four frames of
 * forty).
 */
class DemoAgreesWithOfflineEvalTest {
    private static final int FRAMES = 40;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theSummaryOfOneLapMatchesTheOfflineEvaluationOfTheSameSequence() throws Exception {
        DemoSettings settings = DemoSettings.load(null)
                .with("camera.width", "160").with("camera.height", "128")
                .with("camera.sequence-frames", String.valueOf(FRAMES))
                .with("camera.max-frames", String.valueOf(FRAMES))
                .with("job.realtime.policy", "process-all");
        LocalStack.Options options = new LocalStack.Options(1, 16, 4, 0, null, null, settings);

        DemoSummary.TargetScore online;
        NavigableMap<Long, Box> sent;
        try (LocalStack stack = new LocalStack(options).start()) {
            assertThat(stack.trackingAvailable()).as("tracking job running: %s", stack.warnings()).isTrue();
            stack.awaitCameras();
            sent = new TreeMap<>(stack.truth().camera("cam-1").get("t1"));
            long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(150);
            while (stack.live().camera("cam-1").target("t1").boxes().size() < sent.size()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            DemoSummary summary = stack.summary();
            System.out.println(summary.render());
            assertThat(summary.targets()).hasSize(1);
            online = summary.targets().get(0);
        }
        assertThat(online.answered()).as("every frame the camera sent has a box of its own").isEqualTo(online.frames());
        assertThat(online.frames()).isEqualTo(sent.size()).isGreaterThan(FRAMES / 2);

        double[] offline = offline(settings, sent);
        System.out.printf("demo summary: AUC %.3f P@20 %.3f | offline: AUC %.3f P@20 %.3f over %d frames%n",
                online.successAuc(), online.precision20(), offline[0], offline[1], sent.size());
        assertThat(online.successAuc()).isCloseTo(offline[0], org.assertj.core.data.Offset.offset(0.05));
        assertThat(online.precision20()).isCloseTo(offline[1], org.assertj.core.data.Offset.offset(0.1));
    }

    /**
     * The offline tracker over the frames the camera sent (all of them unless the camera had to skip
     * exposures to keep its clock): initialised with the first frame's ground truth, like the
     * operator's START; scored like {@code eval}.
     */
    private static double[] offline(DemoSettings settings, NavigableMap<Long, Box> sent) {
        CameraFeed feed = CameraFleet.synthetic(1, 16, CameraFleet.Scenes.from(settings)).get(0);
        try (BcrNetSiameseModel model = BcrNetSiameseModel.load(ShippedModel.defaultModel(), DeviceConfig.cpu())) {
            SiameseTrackerAdapter tracker = new SiameseTrackerAdapter(new SiameseTracker(model,
                    ModelTrackingEngine.trackerConfig(model.metadata(), FusionMode.IMPORTANCE_WEIGHTED)));
            List<Box> predicted = new ArrayList<>();
            List<Box> truth = new ArrayList<>();
            for (Map.Entry<Long, Box> e : sent.entrySet()) {
                int i = Math.toIntExact(e.getKey());
                if (predicted.isEmpty()) {
                    tracker.init(feed.frame(i), e.getValue());
                    predicted.add(e.getValue());
                } else {
                    predicted.add(tracker.track(feed.frame(i)));
                }
                truth.add(feed.groundTruth().get(i));
            }
            return new double[] {
                Metrics.auc(Metrics.successCurve(Metrics.ious(predicted, truth), Metrics.OTB_THRESHOLDS)),
                Metrics.precisionAt(Metrics.centreErrors(predicted, truth), Metrics.PRECISION_PX)};
        }
    }
}
