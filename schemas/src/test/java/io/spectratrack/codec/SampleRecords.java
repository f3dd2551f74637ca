package io.spectratrack.codec;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertKind;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.Point;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.ReferenceCube;
import io.spectratrack.avro.SampleType;
import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.avro.Zone;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated record of every wire type, for codec tests in this and other modules. */
public final class SampleRecords {
    static final Instant T = Instant.ofEpochMilli(1_790_000_000_123L);

    private SampleRecords() {}

    public static BoundingBox box() {
        return new BoundingBox(10.5, 20.25, 30.0, 40.0);
    }

    public static List<SpecificRecord> all() {
        return List.of(
                RawMosaicFrame.newBuilder().setCameraId("cam-1").setSequence(7).setCaptureTimeMs(T)
                        .setWidth(8).setHeight(4).setPatternSize(4).setBitDepth(12)
                        .setSampleType(SampleType.UINT16).setSamples(ByteBuffer.wrap(new byte[64]))
                        .setExposureUs(1500L).build(),
                CameraCalibration.newBuilder().setCameraId("cam-1").setPatternSize(4)
                        .setWavelengthsNm(List.of(470f, 480f, 490f, 500f))
                        .setDark(new ReferenceCube(4, 1, 1, ByteBuffer.wrap(new byte[16])))
                        .setWhite(null).setValidFromMs(T).build(),
                HyperspectralFrame.newBuilder().setCameraId("cam-1").setFrameIndex(7).setCaptureTimeMs(T)
                        .setBands(2).setHeight(1).setWidth(2).setWavelengthsNm(List.of(470f, 480f))
                        .setSampleType(SampleType.FLOAT32).setSamples(ByteBuffer.wrap(new byte[16]))
                        .setCalibrated(true).setFramesMissedBefore(2).build(),
                TrackCommand.newBuilder().setCameraId("cam-1").setTargetId("t1").setType(CommandType.START)
                        .setFrameIndex(3).setBox(box()).setIssuedAtMs(T).setCommandId("c-1").setLabel("white van").build(),
                TrackUpdate.newBuilder().setCameraId("cam-1").setTargetId("t1").setFrameIndex(9).setCaptureTimeMs(T)
                        .setBox(box()).setScore(0.87f).setStatus(TrackStatus.TRACKING).setLatencyMs(41)
                        .setModelId("bcrnet-lite-16").setLostFrames(0).build(),
                BandTelemetry.newBuilder().setCameraId("cam-1").setTargetId("t1").setFrameIndex(9).setCaptureTimeMs(T)
                        .setBandImportance(List.of(0.1f, 0.5f, 0.4f)).setBandOrder(List.of(1, 2, 0))
                        .setGroups(List.of(List.of(1, 2, 0))).setBranchWeights(List.of(1f))
                        .setWavelengthsNm(List.of()).build(),
                AlertRule.newBuilder().setCameraId("cam-1").setRuleId("r1")
                        .setZones(List.of(new Zone("z1", "gate", List.of(new Point(0.0, 0.0), new Point(5.0, 0.0), new Point(0.0, 5.0)))))
                        .setLostFrames(5).setLowConfidenceScore(0.2f).setLowConfidenceWindowMs(1000)
                        .setSpectralShiftThreshold(0.3f).setEnabled(true).build(),
                Alert.newBuilder().setAlertId("a1").setKind(AlertKind.ZONE_ENTER).setCameraId("cam-1").setTargetId("t1")
                        .setFrameIndex(9).setCaptureTimeMs(T).setBox(box()).setScore(0.9f).setRuleId("r1")
                        .setZoneId("z1").setMessage("t1 entered gate").setRaisedAtMs(T).build(),
                DeadLetter.newBuilder().setSourceTopic("frames").setPartition(0).setOffset(42)
                        .setKey(ByteBuffer.wrap("cam-1".getBytes())).setReason("truncated").setErrorType("decode")
                        .setStage("flink-job/decode").setFailedAtMs(T).setOriginalBytes(ByteBuffer.wrap(new byte[] {1, 2, 3})).build(),
                TargetState.newBuilder().setTargetId("t1").setTemplateFeatures(ByteBuffer.wrap(new byte[8]))
                        .setFeatureShape(List.of(1, 2)).setTemplateImportance(List.of(0.5f)).setBandOrder(List.of(0))
                        .setCentreX(1).setCentreY(2).setWidth(3).setHeight(4).setLastScore(0.5f)
                        .setStatus(TrackStatus.UNCERTAIN).setLostCount(1).setLastFrameIndex(9)
                        .setModelId("m").setLastSeenMs(5).build());
    }
}
