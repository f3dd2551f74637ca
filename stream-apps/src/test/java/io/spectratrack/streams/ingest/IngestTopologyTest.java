package io.spectratrack.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.codec.kafka.AvroSerde;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
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

class IngestTopologyTest {
    private static final String CAM = "cam-1";

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestInputTopic<String, CameraCalibration> calibration;
    private TestInputTopic<String, byte[]> calibrationBytes;
    private TestOutputTopic<byte[], byte[]> frames;
    private TestOutputTopic<byte[], byte[]> rawDlq;
    private final IngestCounters counters = new IngestCounters();
    /** Half a step of the default UINT16 frames' 1/65535 quantisation, plus float rounding. */
    private static final float WORD = 0.5f / 65535 + 1e-6f;

    @BeforeEach
    void start() {
        start(IngestOptions.defaults());
    }

    private void start(IngestOptions options) {
        if (driver != null) driver.close();
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.build(builder, options, counters);
        Properties props = StreamsSettings.defaults("ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        raw = driver.createInputTopic(Topics.CAMERA_RAW, new ByteArraySerializer(), new ByteArraySerializer());
        calibration = driver.createInputTopic(Topics.CAMERA_CALIBRATION, new StringSerializer(),
                AvroSerde.of(CameraCalibration.class).serializer());
        calibrationBytes = driver.createInputTopic(Topics.CAMERA_CALIBRATION, new StringSerializer(), new ByteArraySerializer());
        frames = driver.createOutputTopic(Topics.FRAMES, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rawDlq = driver.createOutputTopic(Topics.deadLetter(Topics.CAMERA_RAW), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(RawMosaicFrame frame) {
        raw.pipeInput(frame.getCameraId().getBytes(StandardCharsets.UTF_8), Cameras.bytes(frame));
    }

    private static HyperspectralFrame frame(byte[] bytes) {
        return AvroCodec.of(HyperspectralFrame.class).decode(bytes);
    }

    private static DeadLetter letter(byte[] bytes) {
        return AvroCodec.of(DeadLetter.class).decode(bytes);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void demosaicsCorrectsDarkAndWhiteAndAttachesWavelengthsExactlyAsFloat32WhenAsked() {
        start(IngestOptions.defaults().withFrameSampleType(SampleType.FLOAT32));
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0.1f, 0.9f));
        SpectralCube scene = Cameras.scene(4, 6);
        send(Cameras.frame(CAM, 1, scene));

        HyperspectralFrame out = frame(frames.readValue());
        assertThat(out.getCameraId()).isEqualTo(CAM);
        assertThat(out.getFrameIndex()).isEqualTo(1);
        assertThat(out.getBands()).isEqualTo(16);
        assertThat(out.getHeight()).isEqualTo(4);
        assertThat(out.getWidth()).isEqualTo(6);
        assertThat(out.getSampleType()).isEqualTo(SampleType.FLOAT32);
        assertThat(out.getCalibrated()).isTrue();
        assertThat(out.getWavelengthsNm()).isEqualTo(Cameras.wavelengths());
        assertThat(out.getCaptureTimeMs().toEpochMilli()).isEqualTo(1_700_000_000_040L);
        SpectralCube cube = FrameCubes.toCube(out);
        for (int k = 0; k < 16; k++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 6; j++) {
                    float expected = (Cameras.quantised(scene.get(k, i, j)) - 0.1f) / 0.8f;
                    assertThat(cube.get(k, i, j)).as("band %d pixel (%d,%d)", k, i, j).isCloseTo(expected, within(1e-5f));
                }
            }
        }
        assertThat(rawDlq.isEmpty()).isTrue();
    }

    @Test
    void emitsHalfSizeUint16FramesByDefaultThatClipReflectanceAboveWhite() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0.1f, 0.5f));
        SpectralCube scene = Cameras.scene(4, 6);
        send(Cameras.frame(CAM, 1, scene));

        HyperspectralFrame out = frame(frames.readValue());
        assertThat(out.getSampleType()).isEqualTo(SampleType.UINT16);
        assertThat(out.getSamples().remaining()).isEqualTo(16 * 4 * 6 * 2);
        SpectralCube cube = FrameCubes.toCube(out);
        for (int k = 0; k < 16; k++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 6; j++) {
                    float exact = (Cameras.quantised(scene.get(k, i, j)) - 0.1f) / 0.4f;
                    float expected = Math.max(0f, Math.min(1f, exact));
                    assertThat(cube.get(k, i, j)).isCloseTo(expected, within(1f / 65535 + 1e-6f));
                }
            }
        }
    }

    /** A raw frame of {@code CAM} captured at {@code captureMs} (the gateway's clock). */
    private void sendCaptured(long sequence, long captureMs, SpectralCube scene) {
        RawMosaicFrame f = Cameras.frame(CAM, sequence, scene);
        f.setCaptureTimeMs(java.time.Instant.ofEpochMilli(captureMs));
        send(f);
    }

    @Test
    void aGatewayBehindRealTimeShedsFramesBeforeDecodingThemAndCountsThemOnTheNextFrame() throws Exception {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0.1f, 0.9f));
        SpectralCube scene = Cameras.scene(4, 6);
        long c1 = System.currentTimeMillis() - 30;
        sendCaptured(1, c1, scene);
        // A stall of a second: the camera's next 11 frames (40 ms apart) reach the gateway at once.
        Thread.sleep(1_000);
        for (long seq = 2; seq <= 12; seq++) sendCaptured(seq, c1 + 40 * (seq - 1), scene);
        sendCaptured(13, System.currentTimeMillis() - 30, scene); // fresh again

        List<HyperspectralFrame> out = frames.readValuesToList().stream().map(IngestTopologyTest::frame).toList();
        assertThat(counters.shedFrames.get()).as("frames shed").isPositive();
        long previous = 0;
        for (HyperspectralFrame f : out) {
            assertThat(f.getFramesMissedBefore()).as("nothing was lost, frames were shed").isZero();
            assertThat(f.getFramesShedBefore()).as("frame %d", f.getFrameIndex()).isEqualTo(f.getFrameIndex() - previous - 1);
            previous = f.getFrameIndex();
        }
        assertThat(out.get(out.size() - 1).getFrameIndex()).isEqualTo(13);
        assertThat(counters.shedFrames.get() + out.size()).isEqualTo(13);
    }

    @Test
    void processAllProcessesEveryFrameHoweverLate() throws Exception {
        start(IngestOptions.defaults().withPacing(new IngestOptions.Pacing(false, 250)));
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0.1f, 0.9f));
        SpectralCube scene = Cameras.scene(4, 6);
        long c1 = System.currentTimeMillis() - 30;
        sendCaptured(1, c1, scene);
        Thread.sleep(600);
        for (long seq = 2; seq <= 6; seq++) sendCaptured(seq, c1 + 40 * (seq - 1), scene);
        assertThat(frames.readValuesToList()).hasSize(6);
        assertThat(counters.shedFrames.get()).isZero();
    }

    @Test
    void usesTheDefaultCalibrationForACameraWithoutItsOwn() {
        CameraCalibration fallback = Cameras.calibration("default", 0f, 1f);
        calibration.pipeInput("default", fallback);
        SpectralCube scene = Cameras.scene(2, 2);
        send(Cameras.frame("cam-new", 1, scene));

        HyperspectralFrame out = frame(frames.readValue());
        assertThat(out.getCameraId()).isEqualTo("cam-new");
        assertThat(out.getWavelengthsNm()).hasSize(16);
        // Dark 0 and white 1 leave the sensor's [0,1] values as they are: pure demosaicking.
        assertThat(FrameCubes.toCube(out).get(5, 1, 0)).isCloseTo(Cameras.quantised(scene.get(5, 1, 0)), within(WORD));
    }

    @Test
    void deadLettersUndecodableBytesWithTheOriginalBytesAndWhereTheyCameFrom() {
        byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
        raw.pipeInput(CAM.getBytes(StandardCharsets.UTF_8), garbage);

        var dlq = rawDlq.readRecord();
        DeadLetter letter = letter(dlq.value());
        assertThat(letter.getErrorType()).isEqualTo("undecodable");
        assertThat(letter.getReason()).contains("not an Avro single-object record", "RawMosaicFrame");
        assertThat(letter.getStage()).isEqualTo("ingest-gateway/decode");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.CAMERA_RAW);
        assertThat(letter.getOffset()).isEqualTo(0);
        assertThat(letter.getPartition()).isGreaterThanOrEqualTo(0);
        assertThat(bytes(letter.getOriginalBytes())).isEqualTo(garbage);
        assertThat(bytes(letter.getKey())).isEqualTo(CAM.getBytes(StandardCharsets.UTF_8));
        assertThat(dlq.key()).isEqualTo(CAM.getBytes(StandardCharsets.UTF_8));
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void deadLettersAMosaicWhoseSizeIsNotAWholeNumberOfPatternTiles() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        RawMosaicFrame bad = Cameras.frame(CAM, 1, Cameras.scene(2, 2));
        // 8x8 mosaic relabelled 6 wide: 64 samples no longer match either, so shrink the samples too.
        bad.setWidth(6);
        bad.setHeight(8);
        bad.setSamples(ByteBuffer.wrap(new byte[6 * 8 * 2]));
        send(bad);

        DeadLetter letter = letter(rawDlq.readValue());
        assertThat(letter.getErrorType()).isEqualTo("size-not-divisible-by-pattern");
        assertThat(letter.getReason()).contains("6x8", "4x4 tiles", "sequence 1");
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void deadLettersABitDepthThatDisagreesWithTheData() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        // Header: 8-bit camera, but the samples are 16-bit words.
        RawMosaicFrame wrongType = Cameras.frame(CAM, 1, Cameras.scene(2, 2));
        wrongType.setBitDepth(8);
        send(wrongType);
        // Header: 10-bit camera, but the data holds 12-bit values.
        RawMosaicFrame tooDeep = Cameras.frame(CAM, 2, Cameras.scene(2, 2));
        tooDeep.setBitDepth(10);
        send(tooDeep);

        List<DeadLetter> letters = rawDlq.readValuesToList().stream().map(IngestTopologyTest::letter).toList();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("bit-depth", "bit-depth");
        assertThat(letters.get(0).getReason()).contains("bit depth 8 disagrees with UINT16");
        assertThat(letters.get(1).getReason()).contains("more than a 10-bit camera can produce");
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void deadLettersASampleCountThatDisagreesWithTheSize() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        RawMosaicFrame shortFrame = Cameras.frame(CAM, 1, Cameras.scene(2, 2));
        shortFrame.setSamples(ByteBuffer.wrap(new byte[100]));
        send(shortFrame);

        DeadLetter letter = letter(rawDlq.readValue());
        assertThat(letter.getErrorType()).isEqualTo("sample-count");
        assertThat(letter.getReason()).contains("needs 128 bytes", "carries 100");
    }

    @Test
    void deadLettersAnUnknownCameraWhenThereIsNoDefaultCalibration() {
        calibration.pipeInput("cam-other", Cameras.calibration("cam-other", 0f, 1f));
        send(Cameras.frame("cam-unknown", 1, Cameras.scene(2, 2)));

        DeadLetter letter = letter(rawDlq.readValue());
        assertThat(letter.getErrorType()).isEqualTo("unknown-camera");
        assertThat(letter.getReason()).contains("cam-unknown", "no default calibration");
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void dropsDuplicatesAndFlagsSequenceGaps() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        SpectralCube scene = Cameras.scene(2, 2);
        for (long seq : new long[] {1, 2, 2, 5, 3, 6}) send(Cameras.frame(CAM, seq, scene));

        List<HyperspectralFrame> out = frames.readValuesToList().stream().map(IngestTopologyTest::frame).toList();
        assertThat(out).extracting(HyperspectralFrame::getFrameIndex).containsExactly(1L, 2L, 5L, 6L);
        assertThat(out).extracting(HyperspectralFrame::getFramesMissedBefore).containsExactly(0L, 0L, 2L, 0L);
        List<DeadLetter> letters = rawDlq.readValuesToList().stream().map(IngestTopologyTest::letter).toList();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("duplicate", "duplicate");
        assertThat(letters.get(0).getReason()).contains("sequence 2", "duplicate");
        assertThat(letters.get(1).getReason()).contains("sequence 3", "after sequence 5");
        assertThat(counters.duplicates.get()).isEqualTo(2);
        assertThat(counters.missedFrames.get()).isEqualTo(2);
    }

    @Test
    void aCameraThatRestartsWithANewBootIdIsTakenFromItsFirstFrameAgain() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        SpectralCube scene = Cameras.scene(2, 2);
        for (long seq = 1; seq <= 3; seq++) send(booted(Cameras.frame(CAM, seq, scene), 1));
        // Rebooted: counts from 0 again under boot id 2; a late record of boot 1 is a repeat.
        for (long seq = 0; seq <= 2; seq++) send(booted(Cameras.frame(CAM, seq, scene), 2));
        send(booted(Cameras.frame(CAM, 9, scene), 1));

        List<HyperspectralFrame> out = frames.readValuesToList().stream().map(IngestTopologyTest::frame).toList();
        assertThat(out).extracting(HyperspectralFrame::getFrameIndex).containsExactly(1L, 2L, 3L, 0L, 1L, 2L);
        assertThat(out).extracting(HyperspectralFrame::getBootId).containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
        assertThat(out).extracting(HyperspectralFrame::getFramesMissedBefore).containsOnly(0L);
        assertThat(counters.cameraRestarts.get()).isEqualTo(1);
        assertThat(rawDlq.readValuesToList().stream().map(IngestTopologyTest::letter).toList())
                .extracting(DeadLetter::getErrorType).containsExactly("duplicate");
    }

    @Test
    void aCameraWithoutBootIdRestartsWhenItsSequenceGoesBackAfterASilence() throws Exception {
        start(IngestOptions.defaults().withOrder(new IngestOptions.Order(true, 300)));
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        SpectralCube scene = Cameras.scene(2, 2);
        for (long seq : new long[] {5, 6, 7, 3}) send(Cameras.frame(CAM, seq, scene)); // 3: a repeat, at once
        Thread.sleep(400); // the camera is silent while it reboots
        for (long seq : new long[] {0, 1}) send(Cameras.frame(CAM, seq, scene));

        List<HyperspectralFrame> out = frames.readValuesToList().stream().map(IngestTopologyTest::frame).toList();
        assertThat(out).extracting(HyperspectralFrame::getFrameIndex).containsExactly(5L, 6L, 7L, 0L, 1L);
        assertThat(counters.cameraRestarts.get()).isEqualTo(1);
        assertThat(counters.duplicates.get()).isEqualTo(1);
    }

    @Test
    void aFrameTooLargeForARecordIsDeadLetteredShortAndTheGatewayGoesOn() {
        start(IngestOptions.defaults().withFrameSampleType(SampleType.FLOAT32));
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        // A 2400x1800 12-bit mosaic is 8.6 MB; its FLOAT32 cube would be 17.3 MB, over the 16 MB a record may have.
        send(Cameras.frame(CAM, 1, Cameras.scene(450, 600)));
        send(Cameras.frame(CAM, 2, Cameras.scene(2, 2)));

        assertThat(frames.readValuesToList()).extracting(b -> frame(b).getFrameIndex()).containsExactly(2L);
        List<DeadLetter> letters = rawDlq.readValuesToList().stream().map(IngestTopologyTest::letter).toList();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("frame-too-large");
        assertThat(letters.get(0).getReason()).contains("2400x1800", "FLOAT32", "UINT16 frames are half the size");
    }

    @Test
    void aDeadLetterOfARecordNearTheSizeLimitNamesItsOffsetInsteadOfCopyingIt() {
        // No calibration for this camera: refused, and the 16.7 MB record (within 64 KB of the limit) is not copied into its dead letter.
        send(Cameras.frame("uncalibrated", 1, Cameras.scene(726, 720)));
        List<DeadLetter> letters = rawDlq.readValuesToList().stream().map(IngestTopologyTest::letter).toList();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("unknown-camera");
        assertThat(letters.get(0).getOriginalBytes()).isNull();
        assertThat(letters.get(0).getReason()).contains("is not copied here", Topics.CAMERA_RAW + " partition 0 at offset 0");
    }

    private static RawMosaicFrame booted(RawMosaicFrame f, long bootId) {
        f.setBootId(bootId);
        return f;
    }

    @Test
    void appliesACalibrationChangeToLaterFramesAndKeepsTheLastValidOneWhenAnUpdateIsBad() {
        SpectralCube scene = Cameras.scene(2, 2);
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        send(Cameras.frame(CAM, 1, scene));
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0.1f, 0.5f));
        send(Cameras.frame(CAM, 2, scene));
        CameraCalibration wrong = Cameras.calibration(CAM, 0f, 1f);
        wrong.setWavelengthsNm(List.of(500f, 600f));
        calibration.pipeInput(CAM, wrong);
        calibrationBytes.pipeInput(CAM, new byte[] {1, 2, 3});
        send(Cameras.frame(CAM, 3, scene));

        List<HyperspectralFrame> out = frames.readValuesToList().stream().map(IngestTopologyTest::frame).toList();
        float x = Cameras.quantised(scene.get(0, 0, 0));
        assertThat(FrameCubes.toCube(out.get(0)).get(0, 0, 0)).isCloseTo(x, within(WORD));
        assertThat(FrameCubes.toCube(out.get(1)).get(0, 0, 0)).isCloseTo((x - 0.1f) / 0.4f, within(WORD));
        // The rejected calibrations left the previous one in force.
        assertThat(FrameCubes.toCube(out.get(2)).get(0, 0, 0)).isCloseTo((x - 0.1f) / 0.4f, within(WORD));
        assertThat(counters.calibrations.get()).isEqualTo(2);
        assertThat(counters.calibrationsRejected.get()).isEqualTo(2);
        assertThat(rawDlq.isEmpty()).isTrue();
    }

    @Test
    void deadLettersFramesWhosePatternDisagreesWithTheCalibration() {
        CameraCalibration nir = Cameras.calibration(CAM, 0f, 1f);
        nir.setPatternSize(5);
        nir.setWavelengthsNm(List.of());
        nir.setDark(null);
        nir.setWhite(null);
        calibration.pipeInput(CAM, nir);
        send(Cameras.frame(CAM, 1, Cameras.scene(2, 2)));

        DeadLetter letter = letter(rawDlq.readValue());
        assertThat(letter.getErrorType()).isEqualTo("calibration-mismatch");
        assertThat(letter.getReason()).contains("4x4 pattern", "5x5 one");
    }

    @Test
    void keepsProcessingGoodFramesAfterBadOnes() {
        calibration.pipeInput(CAM, Cameras.calibration(CAM, 0f, 1f));
        raw.pipeInput(CAM.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 1, 0});
        raw.pipeInput(CAM.getBytes(StandardCharsets.UTF_8), (byte[]) null);
        send(Cameras.frame(CAM, 1, Cameras.scene(2, 2)));

        assertThat(rawDlq.readValuesToList()).hasSize(2);
        assertThat(frame(frames.readValue()).getFrameIndex()).isEqualTo(1);
    }
}
