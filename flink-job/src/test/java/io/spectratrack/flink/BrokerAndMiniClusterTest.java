package io.spectratrack.flink;

import io.spectratrack.kafka.EmbeddedKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture of every end-to-end job test: a real in-process Kafka broker with the system topics
 * (2 partitions, so keyed routing is exercised) and a Flink MiniCluster with two slots, both fresh
 * for each test class.
 */
abstract class BrokerAndMiniClusterTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start().createTopics(2, EmbeddedKafka.systemTopics());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
        kafka = null;
    }
}
