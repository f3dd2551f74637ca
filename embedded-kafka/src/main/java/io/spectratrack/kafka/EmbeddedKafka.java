package io.spectratrack.kafka;

import io.spectratrack.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker inside this JVM: one KRaft node acting as controller and broker, on a free
 * loopback port, with its log in a temporary directory deleted on close. Tests and the embedded
 * default demo use it; a production deployment points at a real cluster instead.
 *
 * <p>The broker is configured for the system's multi-megabyte frames (stack.md, trap 6) and for
 * transactions on a single node (replication factor 1 for the internal topics).
 *
 * <p>It keeps every record until it is closed: no time-based retention. Kafka's retention looks at
 * record timestamps, and the job stamps its outputs with the frame's capture time; tests and
 * replays of recorded data use capture times far in the past (the synthetic scenes start near the
 * epoch), so with the default 7 days the broker rolled and deleted the first segment of
 * {@code track.updates} while a test was reading it: committed updates vanished (seen as a
 * "missing" update in ExactlyOnceTest and FlinkClusterIT).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a one-node cluster and waits until it accepts clients (0.5-5 s). */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with broker settings added or overridden (tests of broker behaviour). */
    public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
        return start(brokerOverrides, null);
    }

    /**
     * As {@link #start(Map)}, with the broker's log under {@code baseDirectory} (null: a temporary
     * directory). The demo puts it in memory ({@code /dev/shm}): measured, a log on disk made the
     * kernel's write-back of 75 MB/s of frames take CPU from the pipeline.
     */
    public static EmbeddedKafka start(Map<String, String> brokerOverrides, java.nio.file.Path baseDirectory) {
        long t0 = System.nanoTime();
        try {
            TestKitNodes.Builder nodeBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            if (baseDirectory != null) nodeBuilder.setBaseDirectory(baseDirectory);
            TestKitNodes nodes = nodeBuilder.build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("message.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES))
                    .setConfigProp("replica.fetch.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES))
                    // One node: internal topics cannot be replicated, and transactions need these at 1.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Flink's exactly-once sink may hold a transaction open across a checkpoint
                    // interval plus recovery; the default 15 min cap is fine but keep it explicit.
                    .setConfigProp("transaction.max.timeout.ms", "900000")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // The log lives as long as this JVM: never delete by age (see the class comment).
                    .setConfigProp("log.retention.ms", "-1")
                    .setDeleteOnClose(true);
            brokerOverrides.forEach(builder::setConfigProp);
            KafkaClusterTestKit kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(kit);
            LOG.info("In-process Kafka (KRaft) ready at {} in {} ms", kit.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties with only the bootstrap address set. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /**
     * Creates topics with {@code partitions} partitions each, large-record limits, and compaction
     * for the compacted ones ({@link Topics#isCompacted}). Existing topics are left as they are.
     * Returns once the broker serves every topic (see {@link #createTopic}).
     */
    public EmbeddedKafka createTopics(int partitions, Collection<String> topics) {
        List<NewTopic> news = new ArrayList<>();
        for (String t : topics) {
            Map<String, String> cfg = new HashMap<>();
            cfg.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
            if (Topics.isCompacted(t)) {
                cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            news.add(new NewTopic(t, partitions, (short) 1).configs(cfg));
        }
        return create(news);
    }

    /**
     * Creates one topic with exactly the given configs (tests of topic checks). Returns once the
     * broker serves it: in KRaft the controller acknowledges a new topic before the broker has
     * applied it to its metadata cache, and a describe in that window answers "unknown topic"
     * (seen as a flaky start-up check in IngestGatewayBrokerTest).
     */
    public EmbeddedKafka createTopic(String topic, int partitions, Map<String, String> configs) {
        return create(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)));
    }

    private EmbeddedKafka create(List<NewTopic> news) {
        List<String> names = news.stream().map(NewTopic::name).toList();
        try (Admin admin = Admin.create(clientProperties())) {
            for (var entry : admin.createTopics(news).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            awaitServed(admin, names);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e.getMessage(), e);
        }
    }

    /** Polls the broker until it describes every topic's config, as the apps' start-up checks do. */
    private static void awaitServed(Admin admin, List<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    public EmbeddedKafka createTopics(int partitions, String... topics) {
        return createTopics(partitions, List.of(topics));
    }

    /** Every topic of the system (architecture.md) plus a dead-letter topic for each input. */
    public static List<String> systemTopics() {
        List<String> all = new ArrayList<>(List.of(Topics.CAMERA_RAW, Topics.CAMERA_CALIBRATION, Topics.FRAMES,
                Topics.TRACK_COMMANDS, Topics.TRACK_UPDATES, Topics.BAND_TELEMETRY, Topics.ALERT_RULES, Topics.ALERTS));
        for (String in : Topics.DEAD_LETTERED) all.add(Topics.deadLetter(in));
        return all;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("in-process Kafka did not close cleanly: {}", e.toString());
        }
    }
}
