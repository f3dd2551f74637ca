package io.spectratrack.flink.sink;

import io.spectratrack.codec.AvroCodec;
import java.io.Serializable;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;

/** Writes a record with the project's single-object Avro encoding, keyed as the topic table says. */
public class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Serializable key extractor. */
    public interface KeyOf<T> extends Function<T, byte[]>, Serializable {}

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> key;

    public AvroRecordSerializer(String topic, Class<T> type, KeyOf<T> key) {
        this.topic = topic;
        this.type = type;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key.apply(element), AvroCodec.of(type).encode(element));
    }
}
