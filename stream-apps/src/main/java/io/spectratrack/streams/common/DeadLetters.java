package io.spectratrack.streams.common;

import io.spectratrack.avro.DeadLetter;
import io.spectratrack.codec.kafka.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds {@link DeadLetter} records that explain themselves: the reason in words, a short error
 * type that dashboards can count by, the program step, the source topic/partition/offset and the
 * key and value bytes exactly as they were read, so an operator can fix and replay them.
 */
public final class DeadLetters {
    public static final Serde<DeadLetter> SERDE = AvroSerde.of(DeadLetter.class);

    /** Largest original record a dead letter carries: room is left for the reason and the envelope. */
    public static final int MAX_KEPT_BYTES = io.spectratrack.topics.Topics.MAX_RECORD_BYTES - 64 * 1024;

    private DeadLetters() {}

    public static DeadLetter of(ProcessorContext<?, ?> context, Record<byte[], byte[]> record,
                                String stage, String errorType, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        byte[] value = record.value();
        if (value != null && value.length > MAX_KEPT_BYTES) {
            // Kept whole, the dead letter would itself be too large for its topic and stop the app
            // on every retry: it names where the record is instead.
            reason = (reason == null ? errorType : reason) + " (the " + value.length + "-byte record is not copied here: it is "
                    + "in " + (meta == null ? "its topic" : meta.topic() + " partition " + meta.partition() + " at offset " + meta.offset()) + ")";
            value = null;
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(meta == null ? "" : meta.topic())
                .setPartition(meta == null ? -1 : meta.partition())
                .setOffset(meta == null ? -1 : meta.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setReason(reason == null ? errorType : reason)
                .setErrorType(errorType)
                .setStage(stage)
                .setFailedAtMs(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setOriginalBytes(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }

    /**
     * Splits a processor's output: values go on to {@code sinkForValues}, dead letters to the topic
     * each one names, keyed by the source record's original key bytes.
     */
    public static <T> void split(KStream<byte[], Routed<T>> routed, String name,
                                 Consumer<KStream<byte[], T>> sinkForValues) {
        Serializer<DeadLetter> letters = SERDE.serializer();
        Serde<Routed<T>> asDeadLetter = Serdes.serdeFrom(
                (topic, r) -> r == null ? null : letters.serialize(topic, r.deadLetterRecord()),
                (topic, bytes) -> { throw new UnsupportedOperationException("dead letters are write-only here"); });
        routed.split(Named.as(name + "-"))
                .branch((k, v) -> v.isDeadLetter(), Branched.withConsumer(dlq -> dlq.to(
                        (key, value, ctx) -> value.deadLetterTopic(),
                        Produced.with(Serdes.ByteArray(), asDeadLetter).withName(name + "-dlq-sink")), "dlq"))
                .defaultBranch(Branched.withConsumer(ok -> sinkForValues.accept(
                        ok.mapValues(Routed::value, Named.as(name + "-unwrap"))), "values"));
    }
}
