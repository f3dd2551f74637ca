package io.spectratrack.flink;

import io.spectratrack.codec.AvroCodec;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produce to and read back from the in-process broker the way the tests need it. */
public final class KafkaIO {
    private KafkaIO() {}

    public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = kafka.clientProperties();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("max.request.size", String.valueOf(Topics.MAX_RECORD_BYTES));
        p.put("acks", "all");
        return new KafkaProducer<>(p);
    }

    public static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) {
        try {
            p.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every committed record of {@code topic} until {@code done} holds for the list or {@code timeout} passes. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafka kafka, String topic,
                                                                     Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                                     Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = committedReader(kafka)) {
            List<TopicPartition> parts = fromTheBeginning(c, topic);
            long end = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public static <T extends SpecificRecord> List<T> decodeAll(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) {
        return records.stream().map(r -> AvroCodec.of(type).decode(r.value())).toList();
    }

    public static <T extends SpecificRecord> List<T> readCommitted(EmbeddedKafka kafka, String topic, Class<T> type,
                                                                  int atLeast, Duration timeout) {
        return decodeAll(readCommitted(kafka, topic, l -> l.size() >= atLeast, timeout), type);
    }

    /**
     * Everything committed on {@code topic} right now: reads from the beginning up to the last
     * stable offset of every partition (what a read_committed consumer's end offsets are), so the
     * answer does not depend on how fast this machine polls.
     */
    public static <T extends SpecificRecord> List<T> readAllCommitted(EmbeddedKafka kafka, String topic, Class<T> type,
                                                                     Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = committedReader(kafka)) {
            List<TopicPartition> parts = fromTheBeginning(c, topic);
            var end = c.endOffsets(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within " + timeout);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return decodeAll(out, type);
    }

    /** A group-less read_committed consumer of raw bytes that takes the system's largest records. */
    private static KafkaConsumer<byte[], byte[]> committedReader(EmbeddedKafka kafka) {
        Properties p = kafka.clientProperties();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.partition.fetch.bytes", String.valueOf(Topics.MAX_RECORD_BYTES));
        p.put("fetch.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES));
        return new KafkaConsumer<>(p);
    }

    /** Assigns every partition of {@code topic} to {@code c}, positioned at its start. */
    private static List<TopicPartition> fromTheBeginning(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return parts;
    }
}
