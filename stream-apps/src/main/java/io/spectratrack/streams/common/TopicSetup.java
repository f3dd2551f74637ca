package io.spectratrack.streams.common;

import io.spectratrack.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks of the topics an app depends on. Record limits live in three places (stack.md,
 * trap 6) and the topic is the one the app cannot set: a frames topic left at the broker's 1 MB
 * default fails on the first frame, far from its cause, so it is reported at start-up. Dead-letter
 * topics are the app's own and are created when missing: a bad record must never fail the app
 * because its dead-letter topic was forgotten.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_S = 15;

    private TopicSetup() {}

    /**
     * Topics that are missing or whose max.message.bytes is below {@code minMaxMessageBytes};
     * each is logged as a warning. Returns the problems (empty when all is well).
     */
    public static List<String> check(Properties streamsProps, Collection<String> topics, int minMaxMessageBytes) {
        List<String> problems = new ArrayList<>();
        try (Admin admin = admin(streamsProps)) {
            if (admin == null) return problems;
            for (String t : topics) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t);
                try {
                    Map<ConfigResource, Config> cfg = admin.describeConfigs(List.of(r)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    var entry = cfg.get(r).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    long max = entry == null ? -1 : Long.parseLong(entry.value());
                    if (max < minMaxMessageBytes) {
                        problems.add(t + ": max.message.bytes=" + max + " < " + minMaxMessageBytes);
                    }
                } catch (Exception e) {
                    problems.add(t + ": " + describe(e));
                }
            }
        }
        for (String problem : problems) {
            LOG.warn("topic check: {} (create it with max.message.bytes >= {})", problem, minMaxMessageBytes);
        }
        return problems;
    }

    /**
     * Creates each missing dead-letter topic ({@code source -> dlq}) with the source topic's
     * partition count, the app's {@code replication.factor} and room for the largest record.
     * Returns the topics created.
     */
    public static List<String> ensureDeadLetterTopics(Properties streamsProps, Map<String, String> dlqBySource) {
        List<String> created = new ArrayList<>();
        try (Admin admin = admin(streamsProps)) {
            if (admin == null) return created;
            short replication = Short.parseShort(streamsProps.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1"));
            for (var e : dlqBySource.entrySet()) {
                String dlq = e.getValue();
                try {
                    if (admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).contains(dlq)) continue;
                    Optional<Integer> partitions = partitionsOf(admin, e.getKey());
                    Map<String, String> cfg = new HashMap<>();
                    cfg.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
                    NewTopic topic = new NewTopic(dlq, partitions, replication < 1 ? Optional.empty() : Optional.of(replication))
                            .configs(cfg);
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    created.add(dlq);
                    LOG.info("created dead-letter topic {} ({} partitions)", dlq, partitions.map(String::valueOf).orElse("default"));
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        LOG.warn("cannot create dead-letter topic {}: {}", dlq, describe(ex));
                    }
                } catch (Exception ex) {
                    LOG.warn("cannot create dead-letter topic {}: {}", dlq, describe(ex));
                }
            }
        }
        return created;
    }

    private static Optional<Integer> partitionsOf(Admin admin, String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Admin admin(Properties streamsProps) {
        String bootstrap = streamsProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null) return null;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        return Admin.create(p);
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof UnknownTopicOrPartitionException ? "does not exist"
                : cause.getClass().getSimpleName() + " " + cause.getMessage();
    }
}
