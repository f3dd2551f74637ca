package io.spectratrack.flink.source;

import io.spectratrack.avro.TrackCommand;
import io.spectratrack.codec.AvroCodec;

/**
 * A validated track command together with its original record, so that a command the keyed
 * tracker later rejects (unknown target, frame never arrived) can still be dead-lettered with
 * the exact bytes that were read. Commands are small, so re-decoding is cheap.
 */
public class CommandEnvelope {
    public String cameraId;
    public String targetId;
    public KafkaInput source;
    /** Processing time at which the keyed tracker first buffered the command (0: not buffered). */
    public long bufferedAtMs;

    public CommandEnvelope() {}

    public CommandEnvelope(TrackCommand command, KafkaInput source) {
        this.cameraId = command.getCameraId();
        this.targetId = command.getTargetId();
        this.source = source;
    }

    public TrackCommand command() {
        return AvroCodec.of(TrackCommand.class).decode(source.value);
    }

    @Override
    public String toString() {
        return "command " + cameraId + "/" + targetId + " from " + source;
    }
}
