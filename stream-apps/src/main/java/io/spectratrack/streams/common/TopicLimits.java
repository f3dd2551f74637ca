package io.spectratrack.streams.common;

import io.spectratrack.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of the third place record limits live (stack.md, trap 6): the topics themselves.
 * A frames topic left at the broker's 1 MB default fails on the first frame, far from its cause;
 * this says so at start-up instead.
 */
public final class TopicLimits {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLimits.class);

    private TopicLimits() {}

    /** Topics whose max.message.bytes is below {@link Topics#MAX_RECORD_BYTES} or that are missing; logs each. */
    public static List<String> check(Properties streamsProps, Collection<String> topics) {
        List<String> problems = new ArrayList<>();
        if (streamsProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) == null) return problems;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(p)) {
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            for (ConfigResource r : resources) {
                try {
                    Map<ConfigResource, Config> cfg = admin.describeConfigs(List.of(r)).all().get(15, TimeUnit.SECONDS);
                    var entry = cfg.get(r).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    long max = entry == null ? -1 : Long.parseLong(entry.value());
                    if (max < Topics.MAX_RECORD_BYTES) {
                        problems.add(r.name() + ": max.message.bytes=" + max + " < " + Topics.MAX_RECORD_BYTES);
                    }
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    problems.add(r.name() + ": " + (cause instanceof UnknownTopicOrPartitionException ? "does not exist"
                            : cause.getClass().getSimpleName() + " " + cause.getMessage()));
                }
            }
        }
        for (String problem : problems) {
            LOG.warn("topic check: {} (create it with max.message.bytes={} or frames will be rejected)", problem,
                    Topics.MAX_RECORD_BYTES);
        }
        return problems;
    }
}
