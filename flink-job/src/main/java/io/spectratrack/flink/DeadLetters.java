package io.spectratrack.flink;

import io.spectratrack.avro.DeadLetter;
import io.spectratrack.flink.source.FrameEvent;
import io.spectratrack.flink.source.KafkaInput;
import io.spectratrack.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The job's dead-letter side output: the record as read, why it was rejected, and where. */
public final class DeadLetters {
    public static final String STAGE_PREFIX = "flink-tracker/";

    public static final TypeInformation<DeadLetter> TYPE = new AvroTypeInfo<>(DeadLetter.class);
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", TYPE);

    /** Largest original record a dead letter carries: room is left for the reason and the envelope. */
    public static final int MAX_KEPT_BYTES = Topics.MAX_RECORD_BYTES - 64 * 1024;

    private DeadLetters() {}

    /**
     * A dead letter about a valid frame that could not be used for something (a target's tracking
     * step): the frame itself stays in its topic at the offset named, so only the reason is kept.
     */
    public static DeadLetter ofFrame(FrameEvent frame, String errorType, String stage, String reason) {
        return DeadLetter.newBuilder()
                .setSourceTopic(frame.sourceTopic == null ? Topics.FRAMES : frame.sourceTopic)
                .setPartition(frame.sourcePartition)
                .setOffset(frame.sourceOffset)
                .setKey(ByteBuffer.wrap(frame.cameraId.getBytes(StandardCharsets.UTF_8)))
                .setReason(reason)
                .setErrorType(errorType)
                .setStage(STAGE_PREFIX + stage)
                .setFailedAtMs(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setOriginalBytes(null)
                .build();
    }

    public static DeadLetter of(KafkaInput in, String errorType, String stage, String reason) {
        byte[] value = in.value;
        if (value != null && value.length > MAX_KEPT_BYTES) {
            // Kept whole it would be too large for the dead-letter topic and fail the sink's
            // transaction on every retry: name where the record is instead.
            reason = (reason == null ? errorType : reason) + " (the " + value.length + "-byte record is not copied here: it is in "
                    + in.topic + " partition " + in.partition + " at offset " + in.offset + ")";
            value = null;
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(in.topic)
                .setPartition(in.partition)
                .setOffset(in.offset)
                .setKey(in.key == null ? null : ByteBuffer.wrap(in.key))
                .setReason(reason == null ? errorType : reason)
                .setErrorType(errorType)
                .setStage(STAGE_PREFIX + stage)
                .setFailedAtMs(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setOriginalBytes(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }
}
