package io.spectratrack.local.monitor;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the system's outputs (frames, track updates, band telemetry, alerts) into a
 * {@link LiveState}, like any downstream consumer would. It reads uncommitted records: the live
 * page should not wait for the job's next checkpoint to show a box; {@link LiveState} keeps the
 * last word per target and frame, so a replay after a failure does not count twice.
 *
 * <p>Frames (megabytes each) are read by a consumer of their own, so that a poll full of frames
 * never holds back the small records behind them: the latency the page and the summary show is
 * the pipeline's, not this watcher's. With a sampling interval it reads only the newest frame of
 * each partition that often (a page redraws a few times a second, and each frame read costs the
 * broker and this process 1.5 MB of copying); frames are then counted by their producer
 * ({@link LiveState#countFramesFrom}).
 */
public final class TopicWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWatcher.class);
    private static final AvroCodec<HyperspectralFrame> FRAME = AvroCodec.of(HyperspectralFrame.class);
    private static final AvroCodec<TrackUpdate> UPDATE = AvroCodec.of(TrackUpdate.class);
    private static final AvroCodec<BandTelemetry> TELEMETRY = AvroCodec.of(BandTelemetry.class);
    private static final AvroCodec<Alert> ALERT = AvroCodec.of(Alert.class);
    private static final AvroCodec<AlertRule> RULE = AvroCodec.of(AlertRule.class);

    /** Every topic a program dead-letters to: what was refused shows in the summary with its reason. */
    static final List<String> DEAD_LETTER_TOPICS = Topics.DEAD_LETTERED.stream().map(Topics::deadLetter).toList();
    private static final AvroCodec<DeadLetter> DEAD_LETTER = AvroCodec.of(DeadLetter.class);

    private final LiveState state;
    private final List<Reader> readers;
    private final String ignoredPrefix;
    private final java.util.concurrent.atomic.AtomicLong ignoredUpdates = new java.util.concurrent.atomic.AtomicLong();

    public TopicWatcher(String bootstrapServers, LiveState state) {
        this(bootstrapServers, state, null, Duration.ZERO);
    }

    /**
     * A watcher that leaves out records keyed by a camera id starting with {@code ignoredPrefix}
     * (warm-up cameras), and reads the newest frame of each partition every {@code frameSampling}
     * (zero: every frame).
     */
    public TopicWatcher(String bootstrapServers, LiveState state, String ignoredPrefix, Duration frameSampling) {
        this.state = state;
        this.ignoredPrefix = ignoredPrefix;
        this.readers = List.of(
                new Reader(bootstrapServers, "frames", List.of(Topics.FRAMES), frameSampling),
                new Reader(bootstrapServers, "outputs", List.of(Topics.TRACK_UPDATES, Topics.BAND_TELEMETRY, Topics.ALERTS,
                        Topics.ALERT_RULES), Duration.ZERO),
                new Reader(bootstrapServers, "dead-letters", DEAD_LETTER_TOPICS, Duration.ZERO));
    }

    public TopicWatcher start() {
        readers.forEach(r -> r.thread.start());
        return this;
    }

    /**
     * Waits until track updates of ignored cameras have come and then stopped for {@code quiet}
     * (the job has answered what they sent; some of it may have been skipped), or {@code timeout}.
     */
    public void awaitIgnoredSettled(Duration quiet, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < until) {
            long n = ignoredUpdates.get();
            if (n != last) {
                last = n;
                stableSince = System.nanoTime();
            } else if (n > 0 && System.nanoTime() - stableSince >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> r) {
        if (ignoredPrefix != null && r.key() != null && r.key().startsWith(ignoredPrefix)) {
            if (r.topic().equals(Topics.TRACK_UPDATES)) ignoredUpdates.incrementAndGet();
            return;
        }
        switch (r.topic()) {
            case Topics.FRAMES -> state.onFrame(FRAME.decode(r.value()), r.value());
            case Topics.TRACK_UPDATES -> state.onUpdate(UPDATE.decode(r.value()));
            case Topics.BAND_TELEMETRY -> state.onTelemetry(TELEMETRY.decode(r.value()));
            case Topics.ALERTS -> state.onAlert(ALERT.decode(r.value()));
            case Topics.ALERT_RULES -> state.onRule(RULE.decode(r.value()));
            default -> {
                if (r.topic().endsWith(Topics.DLQ_SUFFIX)) state.onDeadLetter(r.topic(), DEAD_LETTER.decode(r.value()));
            }
        }
    }

    /** One consumer and its thread. */
    private final class Reader {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private final List<String> topics;
        private final long samplingMs;
        private volatile boolean running = true;

        Reader(String bootstrapServers, String name, List<String> topics, Duration sampling) {
            this.topics = topics;
            this.samplingMs = sampling.toMillis();
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "spectratrack-dashboard-" + name + "-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(2 * Topics.MAX_RECORD_BYTES));
            this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            if (samplingMs <= 0) consumer.subscribe(topics);
            this.thread = new Thread(this::loop, "dashboard-topic-watcher-" + name);
            thread.setDaemon(true);
        }

        /** Assigns every partition of the topics and moves each to its newest record. */
        private void skipToNewest() {
            if (consumer.assignment().isEmpty()) {
                List<org.apache.kafka.common.TopicPartition> all = new java.util.ArrayList<>();
                for (String t : topics) {
                    for (var info : consumer.partitionsFor(t)) all.add(new org.apache.kafka.common.TopicPartition(t, info.partition()));
                }
                consumer.assign(all);
            }
            // Two back: the frames topic is written in transactions, so the last offset is usually a
            // commit marker, which a poll never returns; the newest frame is just before it.
            for (var e : consumer.endOffsets(consumer.assignment()).entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue() - 2) consumer.seek(e.getKey(), e.getValue() - 2);
            }
        }

        private void loop() {
            try {
                long nextSample = 0;
                while (running) {
                    if (samplingMs > 0) {
                        long wait = nextSample - System.currentTimeMillis();
                        if (wait > 0) Thread.sleep(wait);
                        nextSample = System.currentTimeMillis() + samplingMs;
                        skipToNewest();
                    }
                    var records = consumer.poll(Duration.ofMillis(samplingMs > 0 ? 50 : 200));
                    for (ConsumerRecord<String, byte[]> r : samplingMs > 0 ? newestPerPartition(records) : records) {
                        if (r.value() == null) continue;
                        try {
                            onRecord(r);
                        } catch (RuntimeException e) {
                            LOG.warn("dashboard skipped an undecodable record on {}: {}", r.topic(), e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                // close() asked us to stop.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        /** Of a sampled poll, only each partition's newest record is shown (the one before may come along). */
        private List<ConsumerRecord<String, byte[]>> newestPerPartition(
                org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> records) {
            List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
            for (var tp : records.partitions()) {
                var inPartition = records.records(tp);
                out.add(inPartition.get(inPartition.size() - 1));
            }
            return out;
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }
    }

    @Override
    public void close() {
        readers.forEach(Reader::stop);
        for (Reader r : readers) {
            try {
                r.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
