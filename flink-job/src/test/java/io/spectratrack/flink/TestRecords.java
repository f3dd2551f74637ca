package io.spectratrack.flink;

import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.source.CommandEnvelope;
import io.spectratrack.flink.source.FrameEvent;
import io.spectratrack.flink.source.KafkaInput;
import io.spectratrack.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Frames and commands for tests. */
public final class TestRecords {
    private TestRecords() {}

    public static SpectralCube cube(int bands, int size, float value) {
        float[] d = new float[bands * size * size];
        Arrays.fill(d, value);
        return new SpectralCube(bands, size, size, d);
    }

    public static FrameEvent frame(String camera, long index, long captureMs, int bands, float value) {
        return new FrameEvent(camera, index, captureMs, cube(bands, 8, value));
    }

    public static HyperspectralFrame frameRecord(String camera, long index, long captureMs, SpectralCube cube) {
        return FrameCubes.toFrame(camera, index, captureMs, cube, List.of(), true);
    }

    public static byte[] frameBytes(String camera, long index, long captureMs, SpectralCube cube) {
        return AvroCodec.of(HyperspectralFrame.class).encode(frameRecord(camera, index, captureMs, cube));
    }

    public static TrackCommand command(String camera, String target, CommandType type, long frame, double x, double y,
                                       double w, double h) {
        return TrackCommand.newBuilder()
                .setCameraId(camera).setTargetId(target).setType(type).setFrameIndex(frame)
                .setBox(type == CommandType.STOP ? null : new BoundingBox(x, y, w, h))
                .setIssuedAtMs(Instant.ofEpochMilli(0))
                .build();
    }

    public static TrackCommand start(String camera, String target, long frame) {
        return command(camera, target, CommandType.START, frame, 2, 2, 3, 3);
    }

    public static TrackCommand stop(String camera, String target) {
        return command(camera, target, CommandType.STOP, -1, 0, 0, 0, 0);
    }

    public static byte[] commandBytes(TrackCommand c) {
        return AvroCodec.of(TrackCommand.class).encode(c);
    }

    public static CommandEnvelope envelope(TrackCommand c) {
        return new CommandEnvelope(c, new KafkaInput(Topics.TRACK_COMMANDS, 0, 0, 0,
                c.getCameraId().getBytes(StandardCharsets.UTF_8), commandBytes(c)));
    }
}
