package io.spectratrack.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertKind;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router with config/alerts.properties against a real in-process broker, with a rule change mid-stream. */
class AlertRouterBrokerTest {
    private static final byte[] CAM = "cam-2".getBytes(StandardCharsets.UTF_8);

    @TempDir Path stateDir;

    @Test
    void raisesAlertsFollowsARuleChangeMadeWhileRunningAndKeepsIncidentsAcrossARestart() throws Exception {
        // configure
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // A cluster set up without band.telemetry.dlq: the router creates its missing dead-letter topics.
            kafka.createTopics(1, EmbeddedKafka.systemTopics().stream()
                    .filter(t -> !t.equals(Topics.deadLetter(Topics.BAND_TELEMETRY))).toList());
            assertThat(TopicSetup.ensureDeadLetterTopics(new Properties(kafka.clientProperties()),
                    Map.of(Topics.BAND_TELEMETRY, Topics.deadLetter(Topics.BAND_TELEMETRY),
                            Topics.TRACK_UPDATES, Topics.deadLetter(Topics.TRACK_UPDATES))))
                    .containsExactly(Topics.deadLetter(Topics.BAND_TELEMETRY));
            AppConfig config = AppConfig.load(Path.of("../config/alerts.properties"), Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
            Properties props = config.streamsProperties(StreamsSettings.defaults("alerts-broker-test"));
            StreamsBuilder builder = new StreamsBuilder();
            AlertTopology.build(builder, AlertOptions.from(config), new AlertCounters());

            try (KafkaStreams streams = new KafkaStreams(builder.build(props), props);
                 KafkaProducer<byte[], byte[]> producer = LargeRecordClients.producer(kafka.bootstrapServers(), "none")) {
                streams.start();

                // produce: a rule (2 lost frames), then a target that is lost for 3 frames
                AlertRule strict = Tracks.rule("cam-2", "strict").setLostFrames(2).build();
                send(producer, Topics.ALERT_RULES, Tracks.T0, AvroCodec.of(AlertRule.class).encode(strict));
                long f = 0;
                for (TrackStatus s : new TrackStatus[] {TrackStatus.TRACKING, TrackStatus.LOST, TrackStatus.LOST, TrackStatus.LOST}) {
                    update(producer, ++f, 50, s);
                }
                producer.flush();
                // verify the first incident before changing the rule
                List<Alert> first = alerts(kafka, 1);
                assertThat(first).extracting(Alert::getKind).containsExactly(AlertKind.TARGET_LOST);
                assertThat(first.get(0).getRuleId()).isEqualTo("strict");

                // produce: the operator adds a zone; the target is found again inside it
                AlertRule zoned = Tracks.rule("cam-2", "strict+zone").setLostFrames(2)
                        .setZones(List.of(Tracks.square("gate", 0, 0, 100, 100))).build();
                send(producer, Topics.ALERT_RULES, Tracks.time(f), AvroCodec.of(AlertRule.class).encode(zoned));
                for (int i = 0; i < 3; i++) update(producer, ++f, 50, TrackStatus.TRACKING);
                producer.flush();

                // verify
                List<Alert> all = alerts(kafka, 3);
                assertThat(all).extracting(Alert::getKind)
                        .containsExactly(AlertKind.TARGET_LOST, AlertKind.TARGET_RECOVERED, AlertKind.ZONE_ENTER);
                assertThat(all.get(2).getRuleId()).isEqualTo("strict+zone");
                assertThat(all.get(2).getZoneId()).isEqualTo("gate");
                // Leave the group on close, as the CLIs do, so the restart below is not held up
                // by the old member's session timeout.
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }

            // A restart without local state: the rule and the open incidents come back from the
            // changelogs, so a target that stays in the zone is not re-announced, and a new loss
            // is judged by the rule in force (2 frames).
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("elsewhere").toString());
            try (KafkaStreams restarted = new KafkaStreams(builder.build(props), props);
                 KafkaProducer<byte[], byte[]> producer = LargeRecordClients.producer(kafka.bootstrapServers(), "none")) {
                restarted.start();
                long f = 7;
                for (int i = 0; i < 3; i++) update(producer, ++f, 50, TrackStatus.TRACKING);
                update(producer, ++f, 50, TrackStatus.LOST);
                update(producer, ++f, 50, TrackStatus.LOST);
                producer.flush();
                List<Alert> after = alerts(kafka, 4);
                assertThat(after).extracting(Alert::getKind).containsExactly(AlertKind.TARGET_LOST,
                        AlertKind.TARGET_RECOVERED, AlertKind.ZONE_ENTER, AlertKind.TARGET_LOST);
                assertThat(after.get(3).getFrameIndex()).isEqualTo(12);
                assertThat(after.get(3).getRuleId()).isEqualTo("strict+zone");
            }
        }
    }

    private static void update(KafkaProducer<byte[], byte[]> producer, long frame, double cx, TrackStatus status) throws Exception {
        TrackUpdate u = Tracks.update("cam-2", "t1", frame, cx, cx, status == TrackStatus.LOST ? 0.05f : 0.9f, status);
        send(producer, Topics.TRACK_UPDATES, Tracks.time(frame), AvroCodec.of(TrackUpdate.class).encode(u));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, long timestamp, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, timestamp, CAM, value)).get();
    }

    private static List<Alert> alerts(EmbeddedKafka kafka, int count) {
        return LargeRecordClients.read(kafka.bootstrapServers(), List.of(Topics.ALERTS), count, Duration.ofSeconds(60))
                .stream().map(r -> AvroCodec.of(Alert.class).decode(r.value())).toList();
    }
}
