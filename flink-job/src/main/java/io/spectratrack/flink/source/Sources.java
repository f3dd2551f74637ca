package io.spectratrack.flink.source;

import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.topics.Topics;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources of the job: raw bytes, read_committed, limits raised for multi-megabyte frames. */
public final class Sources {
    private Sources() {}

    public static KafkaSource<KafkaInput> frames(JobConfig c) {
        return source(c, c.get("topic.frames"));
    }

    public static KafkaSource<KafkaInput> commands(JobConfig c) {
        return source(c, c.get("topic.commands"));
    }

    private static KafkaSource<KafkaInput> source(JobConfig c, String topic) {
        var b = KafkaSource.<KafkaInput>builder();
        if (c.bounded()) b.setBounded(OffsetsInitializer.latest());
        return b
                .setBootstrapServers(c.bootstrap())
                .setTopics(topic)
                .setGroupId(c.get("kafka.group-id"))
                .setStartingOffsets(startingOffsets(c.get("kafka.starting-offsets")))
                .setDeserializer(new KafkaInputDeserializer())
                // Upstream producers may be transactional too (the ingest gateway is).
                .setProperty("isolation.level", "read_committed")
                .setProperty("max.partition.fetch.bytes", String.valueOf(Topics.MAX_RECORD_BYTES))
                .setProperty("fetch.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES * 2))
                // The 64 KB default socket buffer turns every multi-megabyte frame into dozens of
                // broker round trips (each a thread wake-up on a busy host); let the OS size it.
                .setProperty("receive.buffer.bytes", "-1")
                // Offsets live in checkpoints; committing them back is for monitoring only.
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    static OffsetsInitializer startingOffsets(String s) {
        return switch (s) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed-or-earliest" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new IllegalArgumentException("kafka.starting-offsets must be earliest, latest or committed-or-earliest, got " + s);
        };
    }
}
