package io.spectratrack.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.streams.common.LargeRecordClients;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.streams.common.TopicSetup;
import io.spectratrack.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway with config/ingest.properties against a real in-process broker, with full-size frames. */
class IngestGatewayBrokerTest {
    @TempDir Path stateDir;

    @Test
    void turnsFullSizeMosaicsIntoCalibratedFramesDeadLettersGarbageAndKeepsItsStateAcrossARestart() throws Exception {
        // configure
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, EmbeddedKafka.systemTopics());
            kafka.createTopics(1, Topics.deadLetter(Topics.CAMERA_CALIBRATION));
            // The frames' flow through the gateway is under test, not its speed: its first
            // full-size frames take a cold JVM long enough to shed the next under the live policy.
            AppConfig config = AppConfig.load(Path.of("../config/ingest.properties"), Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    "spectratrack.ingest.realtime.policy", "process-all"));
            Properties defaults = StreamsSettings.defaults("ingest-broker-test");
            defaults.putAll(StreamsSettings.boundedReadAhead(8));
            Properties props = config.streamsProperties(defaults);
            assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
            kafka.createTopic("small.frames", 1, Map.of("max.message.bytes", "1048588"));
            assertThat(TopicSetup.check(props, List.of(Topics.FRAMES, Topics.CAMERA_RAW), Topics.MAX_RECORD_BYTES)).isEmpty();
            assertThat(TopicSetup.check(props, List.of("small.frames", "no.such.topic"), Topics.MAX_RECORD_BYTES))
                    .satisfiesExactly(p -> assertThat(p).contains("small.frames: max.message.bytes="),
                            p -> assertThat(p).contains("no.such.topic", "does not exist"));
            StreamsBuilder builder = new StreamsBuilder();
            IngestCounters counters = new IngestCounters();
            IngestTopology.build(builder, IngestOptions.from(config), counters);

            try (KafkaStreams streams = new KafkaStreams(builder.build(props), props)) {
                streams.start();

                // produce: a default calibration, three 16-bit 2048x1088 mosaics (sequence 1, 2, 4) and garbage
                Mosaic mosaic = gradient(1088, 2048);
                try (var producer = LargeRecordClients.producer(kafka.bootstrapServers(), "lz4")) {
                    CameraCalibration cal = Cameras.calibration("default", 0.05f, 0.95f);
                    producer.send(new ProducerRecord<>(Topics.CAMERA_CALIBRATION, "default".getBytes(StandardCharsets.UTF_8),
                            AvroCodec.of(CameraCalibration.class).encode(cal))).get();
                    for (long seq : new long[] {1, 2, 4}) {
                        RawMosaicFrame raw = RawMosaics.toRecord("cam-9", seq, 1_700_000_000_000L + seq * 33, mosaic, 4, 16);
                        producer.send(new ProducerRecord<>(Topics.CAMERA_RAW, "cam-9".getBytes(StandardCharsets.UTF_8),
                                Cameras.bytes(raw)));
                    }
                    producer.send(new ProducerRecord<>(Topics.CAMERA_RAW, "cam-9".getBytes(StandardCharsets.UTF_8),
                            "garbage".getBytes(StandardCharsets.UTF_8))).get();
                }

                // verify
                List<ConsumerRecord<byte[], byte[]>> frames =
                        LargeRecordClients.read(kafka.bootstrapServers(), List.of(Topics.FRAMES), 3, Duration.ofSeconds(90));
                assertThat(frames).hasSize(3);
                List<HyperspectralFrame> decoded = frames.stream()
                        .map(r -> AvroCodec.of(HyperspectralFrame.class).decode(r.value())).toList();
                assertThat(frames.get(0).value().length).isGreaterThan(4_400_000); // 512x272x16 16-bit words
                assertThat(decoded).extracting(HyperspectralFrame::getFrameIndex).containsExactly(1L, 2L, 4L);
                assertThat(decoded).extracting(HyperspectralFrame::getFramesMissedBefore).containsExactly(0L, 0L, 1L);
                HyperspectralFrame first = decoded.get(0);
                assertThat(first.getBands()).isEqualTo(16);
                assertThat(first.getHeight()).isEqualTo(272);
                assertThat(first.getWidth()).isEqualTo(512);
                assertThat(first.getCalibrated()).isTrue();
                assertThat(first.getWavelengthsNm()).isEqualTo(Cameras.wavelengths());
                // band 5 = tile (1, 1): mosaic pixel (1 + 4*i, 1 + 4*j)
                float expected = (mosaic.get(1 + 4 * 10, 1 + 4 * 20) - 0.05f) / 0.9f;
                assertThat(FrameCubes.toCube(first).get(5, 10, 20)).isCloseTo(expected, within(1e-4f));

                List<ConsumerRecord<byte[], byte[]>> dlq = LargeRecordClients.read(kafka.bootstrapServers(),
                        List.of(Topics.deadLetter(Topics.CAMERA_RAW)), 1, Duration.ofSeconds(30));
                assertThat(dlq).hasSize(1);
                DeadLetter letter = AvroCodec.of(DeadLetter.class).decode(dlq.get(0).value());
                assertThat(letter.getErrorType()).isEqualTo("undecodable");
                assertThat(letter.getOffset()).isEqualTo(3);
                assertThat(counters.missedFrames.get()).isEqualTo(1);
                // Leave the group on close, as the CLIs do, so the restart below is not held up
                // by the old member's session timeout.
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }

            // A restart on a machine without the local state: the sequence store comes back from its
            // changelog and the calibration table from its topic, so a resent frame is still a
            // duplicate and the next one is still calibrated.
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("elsewhere").toString());
            try (KafkaStreams restarted = new KafkaStreams(builder.build(props), props);
                 var producer = LargeRecordClients.producer(kafka.bootstrapServers(), "lz4")) {
                restarted.start();
                Mosaic small = gradient(8, 16);
                for (long seq : new long[] {4, 5}) {
                    RawMosaicFrame raw = RawMosaics.toRecord("cam-9", seq, 1_700_000_000_000L + seq * 33, small, 4, 16);
                    producer.send(new ProducerRecord<>(Topics.CAMERA_RAW, "cam-9".getBytes(StandardCharsets.UTF_8),
                            Cameras.bytes(raw))).get();
                }
                List<HyperspectralFrame> all = LargeRecordClients.read(kafka.bootstrapServers(), List.of(Topics.FRAMES), 4,
                        Duration.ofSeconds(90)).stream().map(r -> AvroCodec.of(HyperspectralFrame.class).decode(r.value())).toList();
                assertThat(all).extracting(HyperspectralFrame::getFrameIndex).containsExactly(1L, 2L, 4L, 5L);
                assertThat(all.get(3).getCalibrated()).isTrue();
                assertThat(all.get(3).getFramesMissedBefore()).isZero();
                List<String> reasons = LargeRecordClients.read(kafka.bootstrapServers(),
                        List.of(Topics.deadLetter(Topics.CAMERA_RAW)), 2, Duration.ofSeconds(30)).stream()
                        .map(r -> AvroCodec.of(DeadLetter.class).decode(r.value()).getErrorType()).toList();
                assertThat(reasons).containsExactly("undecodable", "duplicate");
            }
        }
    }

    /** A smooth 16-bit scene: values in [0, 1] varying along both axes. */
    static Mosaic gradient(int height, int width) {
        float[] v = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                v[y * width + x] = 0.1f + 0.8f * ((x + 2 * y) % 1000) / 1000f;
            }
        }
        return new Mosaic(height, width, v);
    }
}
