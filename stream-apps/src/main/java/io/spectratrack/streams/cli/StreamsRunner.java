package io.spectratrack.streams.cli;

import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.streams.common.ProgressLog;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Kafka Streams app until interrupted (or for a set time), logging progress. */
final class StreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private StreamsRunner() {}

    /** Starts the in-process broker for {@code --embedded-broker}, with the system topics plus {@code extraTopics}. */
    static EmbeddedKafka embeddedBroker(List<String> extraTopics) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.createTopics(1, EmbeddedKafka.systemTopics());
        kafka.createTopics(1, extraTopics);
        return kafka;
    }

    static int run(String app, Topology topology, Properties props, CommonOptions common, DoubleFunction<String> progress)
            throws InterruptedException {
        if (props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            System.err.println(app + ": no Kafka brokers: give --bootstrap-servers, bootstrap.servers in --config, or --embedded-broker");
            return 2;
        }
        LOG.info("{} topology:\n{}", app, topology.describe());
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(topology, props);
             ProgressLog ignored = ProgressLog.every(Math.max(1, common.progressSeconds), app, progress)) {
            // A failing stream thread (not bad input: that is dead-lettered) is replaced, so a
            // transient broker problem does not take the app down.
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("{}: stream thread failed, replacing it", app, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.setStateListener((now, before) -> {
                LOG.info("{}: {} -> {}", app, before, now);
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) stopped.countDown();
            });
            Thread hook = new Thread(stopped::countDown, app + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            streams.start();
            if (common.runSeconds != null) {
                stopped.await(common.runSeconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
            LOG.info("{}: stopping; last {}", app, progress.apply(1));
            // Leave the group: a restarted instance then rebalances at once instead of waiting out
            // the old member's session timeout.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already in shutdown
            }
            return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
        }
    }
}
