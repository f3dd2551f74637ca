package io.spectratrack.flink.sink;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The job's Kafka sinks: exactly-once (records are written in Kafka transactions committed with
 * each checkpoint), keyed by camera like every topic of the system.
 */
public final class Sinks {
    private Sinks() {}

    public static KafkaSink<TrackUpdate> updates(JobConfig c) {
        return sink(c, c.get("topic.updates"), "updates", TrackUpdate.class, u -> utf8(u.getCameraId()));
    }

    public static KafkaSink<BandTelemetry> telemetry(JobConfig c) {
        return sink(c, c.get("topic.telemetry"), "telemetry", BandTelemetry.class, t -> utf8(t.getCameraId()));
    }

    /** One sink for both dead-letter topics: the record goes to its source topic's companion. */
    public static KafkaSink<DeadLetter> deadLetters(JobConfig c) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(c.bootstrap())
                .setKafkaProducerConfig(producerProperties(c))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(c.get("kafka.transactional-id-prefix") + "-dlq")
                .setRecordSerializer((DeadLetterSerializer) (d, ctx, ts) ->
                        new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.deadLetter(d.getSourceTopic()), null, ts,
                                d.getKey() == null ? null : bytes(d.getKey()),
                                io.spectratrack.codec.AvroCodec.of(DeadLetter.class).encode(d)))
                .build();
    }

    /** Serializable lambda target for the dead-letter serializer. */
    interface DeadLetterSerializer extends org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<DeadLetter> {}

    private static <T extends SpecificRecord> KafkaSink<T> sink(JobConfig c, String topic, String name, Class<T> type,
                                                               AvroRecordSerializer.KeyOf<T> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(c.bootstrap())
                .setKafkaProducerConfig(producerProperties(c))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(c.get("kafka.transactional-id-prefix") + "-" + name)
                .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key))
                .build();
    }

    static Properties producerProperties(JobConfig c) {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", String.valueOf(c.duration("kafka.transaction-timeout").toMillis()));
        // Dead letters carry whole frames (stack.md trap 6): the producer checks size before compression.
        p.setProperty("max.request.size", String.valueOf(Topics.MAX_RECORD_BYTES + 1024 * 1024));
        p.setProperty("linger.ms", "0");
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
