package io.spectratrack.streams.common;

import io.spectratrack.topics.Topics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings both apps cannot run without; the config file may override any of
 * them. Record-size limits derive from {@link Topics#MAX_RECORD_BYTES} so they have one home.
 */
public final class StreamsSettings {
    /** Producer request headroom over the largest record: batch and record headers. */
    private static final int REQUEST_HEADROOM = 64 * 1024;

    private StreamsSettings() {}

    public static Properties defaults(String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Frames, dead letters and state-store updates commit together: a crash neither loses
        // nor duplicates a frame or a dead letter.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.putAll(largeRecords());
        // No compression: sensor noise leaves frames nearly incompressible (lz4: a 16-bit frame to
        // 86% in 4 ms, a raw mosaic to 97%; zstd: 60% in 11 ms, stream-apps/BENCHMARKS.md), and
        // every reader pays to decompress again (the broker validating, the job, the page). Where
        // the network and not the CPU is the limit, set producer.compression.type=zstd.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        return p;
    }

    /** Producer, consumer and internal-topic limits for multi-megabyte records (stack.md, trap 6). */
    public static Properties largeRecords() {
        Properties p = new Properties();
        int max = Topics.MAX_RECORD_BYTES;
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(max + REQUEST_HEADROOM));
        // Several 9 MB cubes in flight at once must fit the send buffer.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), String.valueOf(4L * max));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), String.valueOf(max));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), String.valueOf(2 * max));
        // Changelog and repartition topics Streams creates must take the same records.
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(max));
        return p;
    }

    /**
     * Caps read-ahead at {@code records} per input partition. The default (1000) is 4.5 GB of raw
     * mosaics per camera; the heap should hold what is being processed, not what is queued.
     */
    @SuppressWarnings("deprecation") // no byte-based replacement for source buffering in Streams 4.2
    public static Properties boundedReadAhead(int records) {
        Properties p = new Properties();
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, String.valueOf(records));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), String.valueOf(records));
        return p;
    }
}
