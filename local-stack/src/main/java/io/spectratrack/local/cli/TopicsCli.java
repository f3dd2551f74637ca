package io.spectratrack.local.cli;

import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates the system's topics on a real cluster (the compose stack's topic-init step): the same
 * names, record-size limit and compaction as the in-process broker's, with the cluster's
 * partition count and replication. Existing topics are left as they are, so it can run on
 * every start.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates every SpectraTrack topic (and its dead-letter companion) on a Kafka cluster.")
public final class TopicsCli implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]")
    String bootstrap;

    @Option(names = "--partitions", description = "Partitions per topic; at least the number of cameras for full parallelism (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--replication-factor", description = "Replicas per partition; 3 on a production cluster (default: ${DEFAULT-VALUE}).")
    short replication = 1;

    @Option(names = "--wait", description = "Seconds to wait for the cluster to answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 120;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TopicsCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(waitSeconds * 1000));
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> news = new ArrayList<>();
            for (String t : EmbeddedKafka.systemTopics()) {
                Map<String, String> cfg = new HashMap<>();
                cfg.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
                if (Topics.isCompacted(t)) cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                news.add(new NewTopic(t, partitions, replication).configs(cfg));
            }
            int created = 0;
            for (var e : admin.createTopics(news).values().entrySet()) {
                try {
                    e.getValue().get(waitSeconds, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
            System.err.printf("topics: %d created, %d already there (%d partitions, replication %d)%n",
                    created, news.size() - created, partitions, replication);
        }
        return 0;
    }
}
