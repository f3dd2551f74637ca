package io.spectratrack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.OfflineEqualityTest.Camera;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.BandRoutedEngine;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.tracking.BcrNetSiameseModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A job with the default settings tracks 16-band (VIS) and 25-band (NIR) cameras side by side,
 * each with the model shipped for its band count: the boxes of each camera are those of the
 * offline tracker with that model, and a camera of a third band count is dead-lettered.
 */
class MixedBandsTest extends BrokerAndMiniClusterTest {

    @Test
    void eachCameraIsTrackedByTheShippedModelForItsBandCount() throws Exception {
        List<Camera> vis = OfflineEqualityTest.cameras(16, "vis-");
        List<Camera> nir = OfflineEqualityTest.cameras(25, "nir-");
        OfflineEqualityTest.produce(kafka, vis, 0, OfflineEqualityTest.FRAMES, true);
        OfflineEqualityTest.produce(kafka, nir, 0, OfflineEqualityTest.FRAMES, true);
        try (KafkaProducer<byte[], byte[]> p = KafkaIO.producer(kafka)) {
            KafkaIO.send(p, Topics.FRAMES, "swir", TestRecords.frameBytes("swir", 0, 1_000, TestRecords.cube(9, 16, 0.5f)));
        }

        JobConfig cfg = PipelineTest.config(kafka, "mixed-bands-test", Map.of("kafka.bounded", "true", "model.device", "cpu"));
        assertThat(cfg.get("model.dir")).as("the default setting").isEmpty();
        assertThat(BandRoutedEngine.acceptedBands(cfg)).containsExactly(16, 25);
        TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                Sinks.telemetry(cfg), Sinks.deadLetters(cfg), BandRoutedEngine.fromConfig(cfg), BandRoutedEngine.acceptedBands(cfg));
        job.execute(StreamExecutionEnvironment.getExecutionEnvironment(TrackingJob.flinkConfiguration(cfg)));

        int perSet = 3 * OfflineEqualityTest.FRAMES;
        List<TrackUpdate> updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, 2 * perSet, Duration.ofSeconds(30));
        List<TrackUpdate> visUpdates = updates.stream().filter(u -> u.getCameraId().startsWith("vis-")).toList();
        List<TrackUpdate> nirUpdates = updates.stream().filter(u -> u.getCameraId().startsWith("nir-")).toList();

        Path vis16 = ModelFiles.resolve(ModelFiles.SHIPPED + ShippedModel.LITE_16);
        Path nir25 = ModelFiles.resolve(ModelFiles.SHIPPED + ShippedModel.LITE_25);
        OfflineEqualityTest.assertSameBoxes(OfflineEqualityTest.boxes(visUpdates), OfflineEqualityTest.offline(vis, vis16, OfflineEqualityTest.FRAMES));
        OfflineEqualityTest.assertSameBoxes(OfflineEqualityTest.boxes(nirUpdates), OfflineEqualityTest.offline(nir, nir25, OfflineEqualityTest.FRAMES));
        assertThat(visUpdates).extracting(TrackUpdate::getModelId).containsOnly(modelId(vis16));
        assertThat(nirUpdates).extracting(TrackUpdate::getModelId).containsOnly(modelId(nir25));

        List<BandTelemetry> telemetry = KafkaIO.readCommitted(kafka, Topics.BAND_TELEMETRY, BandTelemetry.class,
                2 * 3 * (OfflineEqualityTest.FRAMES - 1), Duration.ofSeconds(30));
        assertThat(telemetry).allSatisfy(t -> assertThat(t.getBandOrder()).hasSize(t.getCameraId().startsWith("vis-") ? 16 : 25));

        List<DeadLetter> dlq = KafkaIO.readCommitted(kafka, Topics.deadLetter(Topics.FRAMES), DeadLetter.class, 1, Duration.ofSeconds(30));
        assertThat(dlq).singleElement().satisfies(d -> {
            assertThat(d.getErrorType()).isEqualTo("wrong-band-count");
            assertThat(d.getReason()).contains("camera swir").contains("9 bands").contains("16- or 25-band");
        });
    }

    private static String modelId(Path model) {
        try (BcrNetSiameseModel m = BcrNetSiameseModel.load(model, DeviceConfig.cpu())) {
            return m.metadata().modelId();
        }
    }
}
