package io.spectratrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.flink.config.JobConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * stack.md trap 2 on the demo's classpath: Kafka Streams' rocksdbjni and Flink's frocksdbjni both
 * ship {@code org.rocksdb}; whichever comes first wins for both. The demo must not run Flink's
 * RocksDB backend, and its bundled configuration must say so.
 */
class DemoClasspathTest {
    @Test
    void kafkaStreamsRocksDbWinsSoTheEmbeddedJobUsesTheHashmapBackend() throws Exception {
        Class<?> rocks = Class.forName("org.rocksdb.RocksDB", false, getClass().getClassLoader());
        String jar = rocks.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).as("the org.rocksdb build on the demo classpath").contains("rocksdbjni").doesNotContain("frocksdbjni");

        DemoSettings bundled = DemoSettings.load(null);
        assertThat(bundled.section("job")).containsEntry("state.backend", "hashmap");
        assertThat(JobConfig.of(bundled.section("job")).get("state.backend")).isEqualTo("hashmap");
    }

    @Test
    void theEmbeddedJobRefusesTheRocksDbBackend() {
        JobConfig rocks = JobConfig.of(Map.of("state.backend", "rocksdb"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new io.spectratrack.local.pipeline.TrackingStage(rocks, null, java.util.List.of(16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hashmap");
    }
}
