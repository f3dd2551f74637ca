package io.spectratrack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void carriesAMultiMegabyteRecordThroughTheSystemTopics() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().createTopics(1, EmbeddedKafka.systemTopics())) {
            byte[] frame = new byte[9 * 1024 * 1024]; // a 16-band float cube of 512x288 px
            for (int i = 0; i < frame.length; i += 4096) frame[i] = (byte) i;

            Properties pp = kafka.clientProperties();
            pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
            try (var producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.FRAMES, "cam-1".getBytes(), frame)).get();
            }
            Properties cp = kafka.clientProperties();
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "t");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
            cp.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.FRAMES));
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
            }
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).isEqualTo(frame);

            try (Admin admin = Admin.create(kafka.clientProperties())) {
                var res = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERT_RULES);
                Map<ConfigResource, org.apache.kafka.clients.admin.Config> cfg =
                        admin.describeConfigs(List.of(res)).all().get();
                ConfigEntry policy = cfg.get(res).get("cleanup.policy");
                assertThat(policy.value()).isEqualTo("compact");
                assertThat(admin.listTopics().names().get()).contains("camera.raw.dlq", "frames.dlq");
            }
        }
    }

    /**
     * A topic is usable the moment createTopic returns: a fresh client describing its config (the
     * apps' start-up check) must not hear "unknown topic". In KRaft the controller acknowledges the
     * topic before the broker applies it; CI once failed IngestGatewayBrokerTest in that window. Without
     * the wait this test fails when the cores are busy (four busy loops on two cores), and passes with it.
     */
    @Test
    void aNewTopicIsServedAsSoonAsItsCreationReturns() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                for (int i = 0; i < 40; i++) {
                    String topic = "fresh." + i;
                    kafka.createTopic(topic, 1, Map.of("max.message.bytes", String.valueOf(1_000_000 + i)));
                    var res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    var cfg = admin.describeConfigs(List.of(res)).all().get().get(res);
                    assertThat(cfg.get("max.message.bytes").value()).as(topic).isEqualTo(String.valueOf(1_000_000 + i));
                }
            }
        }
    }

    /**
     * Records stamped near the epoch (replayed scenes, capture times of recorded data) stay until the
     * broker closes. With the default 7-day retention the broker's first retention pass (30 s after
     * start-up, then every 5 minutes) rolled and deleted them; here that pass runs every 200 ms.
     */
    @Test
    void keepsRecordsWhoseTimestampsAreFarInThePast() throws Exception {
        Map<String, String> fastRetentionPass = Map.of("log.initial.task.delay.ms", "0", "log.retention.check.interval.ms", "200");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(fastRetentionPass).createTopics(1, List.of(Topics.TRACK_UPDATES))) {
            Properties pp = kafka.clientProperties();
            try (var producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(Topics.TRACK_UPDATES, null, 1_000L + 40 * i, "cam-1".getBytes(), new byte[] {(byte) i})).get();
                }
            }
            Thread.sleep(2000); // ten retention passes
            Properties cp = kafka.clientProperties();
            cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            try (var consumer = new KafkaConsumer<byte[], byte[]>(cp)) {
                var tp = new org.apache.kafka.common.TopicPartition(Topics.TRACK_UPDATES, 0);
                assertThat(consumer.beginningOffsets(List.of(tp)).get(tp)).as("log start offset").isZero();
                assertThat(consumer.endOffsets(List.of(tp)).get(tp)).isEqualTo(20);
            }
        }
    }
}
