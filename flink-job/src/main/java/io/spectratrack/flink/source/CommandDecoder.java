package io.spectratrack.flink.source;

import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RecordDecodeException;
import io.spectratrack.flink.DeadLetters;
import io.spectratrack.geometry.Box;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and checks {@code track.commands} records on their own (what can be judged without the
 * camera's state): a START/REINIT needs a frame index and a box of positive size; a type this
 * release does not know (UNKNOWN) cannot be applied at all. What needs the
 * state (unknown target, a frame that never comes) is judged by the keyed tracker.
 */
public class CommandDecoder extends ProcessFunction<KafkaInput, CommandEnvelope> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext ctx) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(KafkaInput in, Context ctx, Collector<CommandEnvelope> out) {
        TrackCommand cmd;
        try {
            cmd = AvroCodec.of(TrackCommand.class).decode(in.value);
        } catch (RecordDecodeException e) {
            reject(in, "decode", e.getMessage(), ctx);
            return;
        }
        String problem = problem(cmd);
        if (problem != null) {
            reject(in, "validation", cmd.getType() + " command for camera '" + cmd.getCameraId() + "' target '"
                    + cmd.getTargetId() + "': " + problem, ctx);
            return;
        }
        out.collect(new CommandEnvelope(cmd, in));
    }

    /** Why a type is refused that a newer producer sent and this release reads as UNKNOWN (the enum's default). */
    static final String UNKNOWN_TYPE = "command type unknown to this release (a newer producer's type, read as UNKNOWN)";

    static String problem(TrackCommand cmd) {
        // First: nothing else about a command means anything when its type is not understood.
        if (cmd.getType() == CommandType.UNKNOWN) return UNKNOWN_TYPE;
        if (cmd.getCameraId() == null || cmd.getCameraId().isBlank()) return "empty cameraId";
        if (cmd.getTargetId() == null || cmd.getTargetId().isBlank()) return "empty targetId";
        if (cmd.getType() == CommandType.STOP) return null;
        if (cmd.getFrameIndex() < 0) return "needs the frame index the box was drawn on, got " + cmd.getFrameIndex();
        BoundingBox b = cmd.getBox();
        if (b == null) return "needs a box";
        if (!new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()).isValid()) {
            return "box " + b.getX() + "," + b.getY() + " " + b.getWidth() + "x" + b.getHeight()
                    + " must have finite coordinates and positive size";
        }
        return null;
    }

    private void reject(KafkaInput in, String type, String reason, Context ctx) {
        deadLetters.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(in, type, "command-decoder", reason));
    }
}
