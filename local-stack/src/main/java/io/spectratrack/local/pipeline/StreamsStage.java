package io.spectratrack.local.pipeline;

import io.spectratrack.files.ScratchDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams app of stream-apps (ingest gateway, alert router) run in-process: its topology
 * builder, the app's own settings, the demo's broker and a throw-away state directory.
 */
public final class StreamsStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsStage.class);

    private final String name;
    private final Consumer<StreamsBuilder> topology;
    private final Properties settings;
    private final Supplier<String> progress;
    private KafkaStreams streams;
    private Path stateDir;

    public StreamsStage(String name, Consumer<StreamsBuilder> topology, Properties settings, Supplier<String> progress) {
        this.name = name;
        this.topology = topology;
        this.settings = settings;
        this.progress = progress;
    }

    @Override public String name() { return name; }

    @Override
    public void start() throws Exception {
        stateDir = ScratchDirectory.create("spectratrack-" + name + "-");
        Properties p = new Properties();
        p.putAll(settings);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        topology.accept(builder);
        streams = new KafkaStreams(builder.build(), p);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) running.countDown();
            if (now == KafkaStreams.State.ERROR) LOG.error("{} stopped with an error", name);
        });
        streams.start();
        if (!running.await(60, TimeUnit.SECONDS)) {
            LOG.warn("{} is not RUNNING after 60 s (state {}); going on", name, streams.state());
        }
    }

    @Override
    public String progress() {
        return progress == null ? "" : progress.get();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
            streams.cleanUp();
        }
        if (stateDir != null && !ScratchDirectory.deleteQuietly(stateDir)) {
            LOG.debug("could not delete {}", stateDir);
        }
    }
}
