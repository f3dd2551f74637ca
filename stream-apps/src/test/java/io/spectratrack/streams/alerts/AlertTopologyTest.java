package io.spectratrack.streams.alerts;

import static io.spectratrack.avro.TrackStatus.LOST;
import static io.spectratrack.avro.TrackStatus.TRACKING;
import static io.spectratrack.avro.TrackStatus.UNCERTAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertKind;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.kafka.AvroSerde;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTopologyTest {
    private static final String CAM = "cam-1";
    private static final String T = "boat-7";

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, TrackUpdate> updates;
    private TestInputTopic<String, BandTelemetry> telemetry;
    private TestInputTopic<String, AlertRule> rules;
    private TestInputTopic<byte[], byte[]> updateBytes;
    private TestInputTopic<String, byte[]> ruleBytes;
    private TestOutputTopic<byte[], byte[]> alerts;
    private long frame;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        AlertTopology.build(builder, AlertOptions.defaults(), new AlertCounters());
        Properties props = StreamsSettings.defaults("alerts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        updates = driver.createInputTopic(Topics.TRACK_UPDATES, new StringSerializer(), AvroSerde.of(TrackUpdate.class).serializer());
        telemetry = driver.createInputTopic(Topics.BAND_TELEMETRY, new StringSerializer(), AvroSerde.of(BandTelemetry.class).serializer());
        rules = driver.createInputTopic(Topics.ALERT_RULES, new StringSerializer(), AvroSerde.of(AlertRule.class).serializer());
        updateBytes = driver.createInputTopic(Topics.TRACK_UPDATES, new ByteArraySerializer(), new ByteArraySerializer());
        ruleBytes = driver.createInputTopic(Topics.ALERT_RULES, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void rule(AlertRule r) {
        rules.pipeInput(r.getCameraId(), r, Instant.ofEpochMilli(Tracks.time(frame)));
    }

    /** The next frame's update for target T centred on (cx, cy). */
    private void track(double cx, double cy, float score, TrackStatus status) {
        frame++;
        updates.pipeInput(CAM, Tracks.update(CAM, T, frame, cx, cy, score, status), Instant.ofEpochMilli(Tracks.time(frame)));
    }

    private void track(TrackStatus status) {
        track(50, 50, status == LOST ? 0.05f : status == UNCERTAIN ? 0.4f : 0.9f, status);
    }

    private void bands(float[] importance) {
        telemetry.pipeInput(CAM, Tracks.telemetry(CAM, T, frame, importance), Instant.ofEpochMilli(Tracks.time(frame)));
    }

    private List<Alert> drain() {
        return alerts.readValuesToList().stream().map(b -> AvroCodec.of(Alert.class).decode(b)).toList();
    }

    private List<AlertKind> kinds() {
        return drain().stream().map(Alert::getKind).toList();
    }

    /** Only the kind under test: everything else switched off. */
    private static AlertRule.Builder only() {
        return Tracks.rule(CAM, "r1").setLostFrames(0).setLowConfidenceWindowMs(0).setSpectralShiftThreshold(0);
    }

    @Test
    void targetLostFiresOnceAfterNConsecutiveLostFramesAndRecoveredOnceWhenTrackedAgain() {
        rule(only().setLostFrames(3).build());
        for (TrackStatus s : new TrackStatus[] {TRACKING, LOST, LOST, TRACKING, LOST, UNCERTAIN, LOST, LOST, TRACKING}) track(s);
        assertThat(kinds()).as("short LOST streaks are noise").isEmpty();

        for (int i = 0; i < 3; i++) track(LOST);
        assertThat(kinds()).containsExactly(AlertKind.TARGET_LOST);
        for (int i = 0; i < 10; i++) track(LOST);
        track(UNCERTAIN);
        track(LOST);
        track(TRACKING);
        track(TRACKING);
        track(LOST);
        assertThat(kinds()).as("still the same incident: UNCERTAIN and two confident frames are not a recovery").isEmpty();

        for (int i = 0; i < 10; i++) track(TRACKING);
        List<Alert> recovered = drain();
        assertThat(recovered).extracting(Alert::getKind).containsExactly(AlertKind.TARGET_RECOVERED);
        assertThat(recovered.get(0).getMessage()).contains("tracked again for 3 frames");
    }

    @Test
    void aReacquisitionFiresOnItsFrameWithHowFarTheBoxJumped() {
        rule(only().build());
        track(TRACKING);
        track(50, 50, 0.6f, TRACKING);
        frame++;
        TrackUpdate back = TrackUpdate.newBuilder(Tracks.update(CAM, T, frame, 80, 90, 0.92f, TRACKING))
                .setFoundBy(FoundBy.RECALLED).build();
        updates.pipeInput(CAM, back, Instant.ofEpochMilli(Tracks.time(frame)));
        track(80, 90, 0.9f, TRACKING);
        List<Alert> raised = drain();
        assertThat(raised).extracting(Alert::getKind).containsExactly(AlertKind.TARGET_REACQUIRED);
        assertThat(raised.get(0).getFrameIndex()).isEqualTo(frame - 1);
        // From (50, 50) to (80, 90): 50 px.
        assertThat(raised.get(0).getMessage()).contains("last seen with conviction").contains("moved 50 px");

        rule(only().setReacquiredAlerts(false).build());
        frame++;
        updates.pipeInput(CAM, TrackUpdate.newBuilder(Tracks.update(CAM, T, frame, 20, 20, 0.9f, TRACKING))
                .setFoundBy(FoundBy.REDETECTED).build(), Instant.ofEpochMilli(Tracks.time(frame)));
        assertThat(kinds()).as("switched off in the rule").isEmpty();
    }

    @Test
    void zoneEnterAndExitFireOncePerCrossingAndIgnoreBoundaryJitter() {
        rule(only().setZones(List.of(Tracks.square("pier", 100, 100, 200, 200))).build());
        track(90, 150, 0.9f, TRACKING);
        // Jitter across the edge at x = 100: never three frames in a row inside.
        for (double x : new double[] {101, 99, 102, 98, 101, 101, 99}) track(x, 150, 0.9f, TRACKING);
        // A LOST box inside the zone is stale and must not count.
        for (int i = 0; i < 5; i++) track(150, 150, 0.05f, LOST);
        assertThat(kinds()).isEmpty();

        for (int i = 0; i < 6; i++) track(150, 150, 0.9f, TRACKING);
        List<Alert> entered = drain();
        assertThat(entered).extracting(Alert::getKind).containsExactly(AlertKind.ZONE_ENTER);
        assertThat(entered.get(0).getZoneId()).isEqualTo("pier");

        for (int i = 0; i < 6; i++) track(250, 150, 0.9f, TRACKING);
        assertThat(kinds()).containsExactly(AlertKind.ZONE_EXIT);
    }

    @Test
    void lowConfidenceFiresOnlyWhenEveryScoreOfTheWindowIsLow() {
        rule(only().setLowConfidenceScore(0.3f).setLowConfidenceWindowMs(1000).build());
        for (int i = 0; i < 5; i++) track(50, 50, 0.2f, UNCERTAIN); // 400 ms low
        track(50, 50, 0.8f, TRACKING);
        for (int i = 0; i < 8; i++) track(50, 50, 0.1f, UNCERTAIN); // 700 ms low
        track(50, 50, 0.31f, TRACKING);
        assertThat(kinds()).as("dips shorter than the window").isEmpty();

        for (int i = 0; i < 11; i++) track(50, 50, 0.1f, UNCERTAIN); // 1000 ms low
        assertThat(kinds()).containsExactly(AlertKind.LOW_CONFIDENCE);
        for (int i = 0; i < 30; i++) track(50, 50, 0.1f, UNCERTAIN);
        assertThat(kinds()).as("one incident, one alert").isEmpty();

        track(50, 50, 0.9f, TRACKING);
        for (int i = 0; i < 12; i++) track(50, 50, 0.1f, UNCERTAIN);
        assertThat(kinds()).as("a new incident after the score recovered").containsExactly(AlertKind.LOW_CONFIDENCE);
    }

    @Test
    void spectralShiftFiresOnceWhenTheBandProfileDriftsAndNotOnNoiseOrOutliers() {
        rule(only().setSpectralShiftThreshold(0.25f).build());
        Random rnd = new Random(7);
        float[] water = profile(0, 1, 2, 3);
        float[] metal = profile(10, 11, 12, 13);
        for (int i = 0; i < 30; i++) {
            track(TRACKING);
            bands(noisy(water, rnd));
        }
        track(TRACKING);
        bands(metal); // one outlier frame
        for (int i = 0; i < 10; i++) {
            track(TRACKING);
            bands(noisy(water, rnd));
        }
        assertThat(kinds()).as("noise and a single outlier").isEmpty();

        for (int i = 0; i < 40; i++) {
            track(TRACKING);
            bands(noisy(metal, rnd));
        }
        List<Alert> shift = drain();
        assertThat(shift).extracting(Alert::getKind).containsExactly(AlertKind.SPECTRAL_SHIFT);
        assertThat(shift.get(0).getMessage()).contains("top bands now [1", "recently [");
        assertThat(shift.get(0).getBox()).as("evidence: the target's last box").isNotNull();
        assertThat(shift.get(0).getScore()).isEqualTo(0.9f);
    }

    @Test
    void everyAlertCarriesItsEvidence() {
        rule(only().setRuleId("harbour-night").setLostFrames(2).build());
        track(TRACKING);
        track(LOST);
        track(LOST);
        Alert a = drain().get(0);
        assertThat(a.getKind()).isEqualTo(AlertKind.TARGET_LOST);
        assertThat(a.getAlertId()).isEqualTo("cam-1/boat-7/TARGET_LOST/3");
        assertThat(a.getCameraId()).isEqualTo(CAM);
        assertThat(a.getTargetId()).isEqualTo(T);
        assertThat(a.getFrameIndex()).isEqualTo(3);
        assertThat(a.getCaptureTimeMs().toEpochMilli()).isEqualTo(Tracks.time(3));
        assertThat(a.getBox().getX()).isEqualTo(40.0);
        assertThat(a.getScore()).isEqualTo(0.05f);
        assertThat(a.getRuleId()).isEqualTo("harbour-night");
        assertThat(a.getRaisedAtMs().toEpochMilli()).isEqualTo(Tracks.time(3));
        assertThat(a.getMessage()).contains("lost for 2 consecutive frames");
    }

    @Test
    void ruleChangesTakeEffectForTheRecordsThatFollowThem() {
        // No rule yet: the default rule (10 lost frames) applies.
        for (int i = 0; i < 5; i++) track(LOST);
        assertThat(kinds()).isEmpty();
        track(TRACKING);

        rule(only().setLostFrames(2).build());
        track(LOST);
        track(LOST);
        assertThat(drain()).extracting(Alert::getRuleId).containsExactly("r1");
        for (int i = 0; i < 3; i++) track(TRACKING);
        assertThat(kinds()).containsExactly(AlertKind.TARGET_RECOVERED);

        // A zone added at run time around where the target already is.
        rule(only().setZones(List.of(Tracks.square("dock", 0, 0, 100, 100))).build());
        for (int i = 0; i < 3; i++) track(TRACKING);
        assertThat(kinds()).containsExactly(AlertKind.ZONE_ENTER);

        // Disabled: leaving the zone is not reported.
        rule(only().setZones(List.of(Tracks.square("dock", 0, 0, 100, 100))).setEnabled(false).build());
        for (int i = 0; i < 5; i++) track(300, 300, 0.9f, TRACKING);
        assertThat(kinds()).isEmpty();

        // Removed (tombstone): back to the default rule, whose 10 lost frames now fire.
        ruleBytes.pipeInput(CAM, null, Instant.ofEpochMilli(Tracks.time(frame)));
        for (int i = 0; i < 10; i++) track(LOST);
        List<Alert> fired = drain();
        assertThat(fired).extracting(Alert::getKind).containsExactly(AlertKind.TARGET_LOST);
        assertThat(fired.get(0).getRuleId()).isEqualTo("default");
    }

    @Test
    void deadLettersBadInputAndKeepsGoing() {
        var updatesDlq = driver.createOutputTopic(Topics.deadLetter(Topics.TRACK_UPDATES), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var telemetryDlq = driver.createOutputTopic(Topics.deadLetter(Topics.BAND_TELEMETRY), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var rulesDlq = driver.createOutputTopic(Topics.deadLetter(Topics.ALERT_RULES), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        updateBytes.pipeInput(CAM.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        TrackUpdate noBox = Tracks.update(CAM, T, 1, 50, 50, Float.NaN, TRACKING);
        updates.pipeInput(CAM, noBox);
        bands(new float[] {1f, -1f});
        AlertRule twoPoints = only().setZones(List.of(Tracks.square("x", 0, 0, 1, 1))).build();
        twoPoints.getZones().get(0).setPolygon(twoPoints.getZones().get(0).getPolygon().subList(0, 2));
        rule(twoPoints);
        ruleBytes.pipeInput(CAM, "junk".getBytes(StandardCharsets.UTF_8));

        List<String> u = updatesDlq.readValuesToList().stream().map(AlertTopologyTest::errorType).toList();
        List<String> t = telemetryDlq.readValuesToList().stream().map(AlertTopologyTest::errorType).toList();
        List<String> r = rulesDlq.readValuesToList().stream().map(AlertTopologyTest::errorType).toList();
        assertThat(u).containsExactly("undecodable", "invalid-update");
        assertThat(t).containsExactly("invalid-telemetry");
        assertThat(r).containsExactly("invalid-rule", "undecodable");

        rule(only().setLostFrames(1).build());
        track(LOST);
        assertThat(kinds()).containsExactly(AlertKind.TARGET_LOST);
    }

    private static String errorType(byte[] bytes) {
        return AvroCodec.of(DeadLetter.class).decode(bytes).getErrorType();
    }

    /** 16 bands; most weight on the named bands. */
    private static float[] profile(int... strong) {
        float[] p = new float[16];
        java.util.Arrays.fill(p, 0.02f);
        for (int b : strong) p[b] = 0.2f;
        return p;
    }

    private static float[] noisy(float[] p, Random rnd) {
        float[] q = p.clone();
        for (int i = 0; i < q.length; i++) q[i] = Math.max(0, q[i] * (1 + 0.15f * (float) rnd.nextGaussian()));
        return q;
    }
}
