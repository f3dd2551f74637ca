package io.spectratrack.flink;

import io.spectratrack.avro.DeadLetter;
import io.spectratrack.flink.source.KafkaInput;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The job's dead-letter side output: the record as read, why it was rejected, and where. */
public final class DeadLetters {
    public static final String STAGE_PREFIX = "flink-tracker/";

    public static final TypeInformation<DeadLetter> TYPE = new AvroTypeInfo<>(DeadLetter.class);
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", TYPE);

    private DeadLetters() {}

    public static DeadLetter of(KafkaInput in, String errorType, String stage, String reason) {
        return DeadLetter.newBuilder()
                .setSourceTopic(in.topic)
                .setPartition(in.partition)
                .setOffset(in.offset)
                .setKey(in.key == null ? null : ByteBuffer.wrap(in.key))
                .setReason(reason == null ? errorType : reason)
                .setErrorType(errorType)
                .setStage(STAGE_PREFIX + stage)
                .setFailedAtMs(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setOriginalBytes(in.value == null ? null : ByteBuffer.wrap(in.value))
                .build();
    }
}
