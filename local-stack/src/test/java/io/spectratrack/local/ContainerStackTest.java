package io.spectratrack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The compose stack's images on a real Docker engine: Kafka, topic creation, a Flink JobManager
 * and TaskManager, the job submitted, the ingest gateway, the alert router and a simulated camera;
 * frames in must give track updates and alerts out. Skipped without Docker, and skipped (never
 * pulled) when an image is not present locally: build them with {@code docker/build.sh}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerStackTest {
    private static final String TAG = System.getProperty("spectratrack.image.tag", "dev");
    private static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.2.0");
    private static final DockerImageName FLINK = DockerImageName.parse("spectratrack/flink:" + TAG);
    private static final DockerImageName STREAMS = DockerImageName.parse("spectratrack/stream-apps:" + TAG);
    private static final DockerImageName CAMERAS = DockerImageName.parse("spectratrack/camera-sim:" + TAG);
    /** Never pull: an absent image skips the test instead. */
    private static final ImagePullPolicy NEVER = image -> false;
    private static final String BOOTSTRAP = "kafka:19092";

    @Test
    @Timeout(600)
    void framesInGiveTracksAndAlertsOut() throws Exception {
        for (DockerImageName image : List.of(KAFKA, FLINK, STREAMS, CAMERAS)) {
            assumeTrue(presentLocally(image), "container test skipped: image " + image
                    + " is not present locally (docker/build.sh builds ours; nothing is pulled)");
        }
        List<GenericContainer<?>> started = new ArrayList<>();
        try (Network net = Network.newNetwork()) {
            KafkaContainer kafka = new KafkaContainer(KAFKA).withNetwork(net).withNetworkAliases("kafka")
                    .withListener(BOOTSTRAP).withImagePullPolicy(NEVER)
                    .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(Topics.MAX_RECORD_BYTES))
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
            start(started, kafka);
            start(started, ours(CAMERAS, net, "topics", "--bootstrap-servers", BOOTSTRAP, "--partitions", "2")
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2))));
            start(started, ours(FLINK, net, "jobmanager").withNetworkAliases("jobmanager").withExposedPorts(8081)
                    .waitingFor(Wait.forHttp("/overview").forPort(8081).withStartupTimeout(Duration.ofMinutes(3))));
            start(started, ours(FLINK, net, "taskmanager"));
            // The wiring is under test, not the machine's speed: track every frame however late.
            start(started, ours(FLINK, net, "submit", "-s", "realtime.policy=process-all")
                    .withEnv("JOBMANAGER", "jobmanager:8081").withEnv("KAFKA_BOOTSTRAP", BOOTSTRAP).withEnv("PARALLELISM", "1")
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(4))));
            start(started, ours(STREAMS, net, "ingest", "--config", "/opt/spectratrack/config/ingest.properties",
                    "--bootstrap-servers", BOOTSTRAP, "--state-dir", "/tmp/state"));
            start(started, ours(STREAMS, net, "alerts", "--config", "/opt/spectratrack/config/alerts.properties",
                    "--bootstrap-servers", BOOTSTRAP, "--state-dir", "/tmp/state"));
            start(started, ours(CAMERAS, net, "camera-sim", "--bootstrap-servers", BOOTSTRAP, "--cameras", "1",
                    "--fps", "5", "--frames", "600"));

            List<TrackUpdate> updates = new ArrayList<>();
            List<Alert> alerts = new ArrayList<>();
            AvroCodec<TrackUpdate> updateCodec = AvroCodec.of(TrackUpdate.class);
            AvroCodec<Alert> alertCodec = AvroCodec.of(Alert.class);
            try (KafkaConsumer<String, byte[]> consumer = consumer(kafka.getBootstrapServers())) {
                consumer.subscribe(List.of(Topics.TRACK_UPDATES, Topics.ALERTS));
                long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < until && (updates.size() < 20 || alerts.isEmpty())) {
                    for (var r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.topic().equals(Topics.TRACK_UPDATES)) updates.add(updateCodec.decode(r.value()));
                        else alerts.add(alertCodec.decode(r.value()));
                    }
                }
            }
            assertThat(updates).as("track updates from the Flink job").hasSizeGreaterThanOrEqualTo(20);
            assertThat(updates).extracting(TrackUpdate::getCameraId).containsOnly("cam-1");
            assertThat(alerts).as("alerts from the alert router").isNotEmpty();
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) started.get(i).stop();
        }
    }

    private static GenericContainer<?> ours(DockerImageName image, Network net, String... command) {
        return new GenericContainer<>(image).withNetwork(net).withImagePullPolicy(NEVER).withCommand(command);
    }

    private static void start(List<GenericContainer<?>> started, GenericContainer<?> c) {
        started.add(c);
        c.start();
    }

    private static boolean presentLocally(DockerImageName image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "container-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
