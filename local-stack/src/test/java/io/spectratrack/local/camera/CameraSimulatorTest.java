package io.spectratrack.local.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.cube.Calibration;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What one simulated camera publishes, read back the way the ingest gateway reads it. */
class CameraSimulatorTest {
    private static final CameraFleet.Scenes SMALL = new CameraFleet.Scenes(64, 48, 20, 0.3, 11);

    @Test
    void publishesCalibrationRuleFramesAndStartAndTheGatewaysCorrectionRecoversTheScene() {
        CameraFeed feed = CameraFleet.synthetic(1, List.of(16), SMALL).get(0);
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        GroundTruthLog truth = new GroundTruthLog();
        CameraSimulator sim = new CameraSimulator(new CameraSpec("cam-7", "t1", "test", 200, 25), feed, producer,
                CameraSimulator.CameraTopics.defaults(), truth);
        sim.run();

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).allSatisfy(r -> assertThat(r.key()).isEqualTo("cam-7"));
        assertThat(sent.get(0).topic()).isEqualTo(Topics.CAMERA_CALIBRATION);
        assertThat(sent.get(1).topic()).isEqualTo(Topics.ALERT_RULES);

        List<RawMosaicFrame> raws = sent.stream().filter(r -> r.topic().equals(Topics.CAMERA_RAW))
                .map(r -> AvroCodec.of(RawMosaicFrame.class).decode(r.value())).toList();
        List<TrackCommand> commands = sent.stream().filter(r -> r.topic().equals(Topics.TRACK_COMMANDS))
                .map(r -> AvroCodec.of(TrackCommand.class).decode(r.value())).toList();
        // 25 exposures of a 20-frame feed: frames 0..19, then the loop starts over with a REINIT.
        assertThat(raws).hasSizeLessThanOrEqualTo(25).isNotEmpty();
        assertThat(raws.get(0).getPatternSize()).isEqualTo(4);
        assertThat(commands.get(0).getType()).isEqualTo(CommandType.START);
        assertThat(commands.get(0).getFrameIndex()).isZero();
        assertThat(commands.get(0).getBox().getX()).isEqualTo(feed.groundTruth().get(0).x());
        if (raws.get(raws.size() - 1).getSequence() >= 20) {
            assertThat(commands).extracting(TrackCommand::getType).contains(CommandType.REINIT);
        }
        assertThat(truth.at("cam-7", "t1", 0)).isEqualTo(feed.groundTruth().get(0));

        AlertRule rule = AvroCodec.of(AlertRule.class).decode(sent.get(1).value());
        assertThat(rule.getZones()).hasSize(1);
        assertThat(rule.getLostFrames()).isPositive();

        // Raw mosaic -> X2Cube -> dark/white correction gives back the scene's reflectance (12-bit steps).
        CameraCalibration cal = AvroCodec.of(CameraCalibration.class).decode(sent.get(0).value());
        SpectralCube dark = reference(cal.getDark().getSamples(), 16);
        SpectralCube white = reference(cal.getWhite().getSamples(), 16);
        SpectralCube recovered = Calibration.apply(X2Cube.toCube(RawMosaics.toMosaic(raws.get(0)), 4), dark, white);
        SpectralCube scene = feed.frame(0);
        float[] a = recovered.data();
        float[] b = scene.data();
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        assertThat(worst).isCloseTo(0, within(0.01));
    }

    private static SpectralCube reference(java.nio.ByteBuffer samples, int bands) {
        byte[] bytes = new byte[samples.remaining()];
        samples.duplicate().get(bytes);
        return new SpectralCube(bands, 1, 1, SampleFormat.FLOAT32.decode(bytes, bands, 32, "test"));
    }
}
