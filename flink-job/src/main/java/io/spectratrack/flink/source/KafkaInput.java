package io.spectratrack.flink.source;

/**
 * One Kafka record exactly as read: the job decodes after the source so that a record it cannot
 * decode still reaches the dead-letter topic with its original bytes and coordinates.
 * A Flink POJO (public fields, no-arg constructor) so it travels without Kryo.
 */
public class KafkaInput {
    public String topic;
    public int partition;
    public long offset;
    public long timestampMs;
    public byte[] key;
    public byte[] value;

    public KafkaInput() {}

    public KafkaInput(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMs = timestampMs;
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
