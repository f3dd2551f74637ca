package io.spectratrack.local.pipeline;

import io.spectratrack.flink.TrackingJob;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.TrackingEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink tracking job on a local cluster inside this JVM (a MiniCluster with one TaskManager
 * and as many slots as the job's parallelism), reading and writing the demo's broker.
 *
 * <p>The state backend must be {@code hashmap} (or ForSt) here: this JVM also holds Kafka
 * Streams, whose {@code rocksdbjni} comes first on the classpath and shadows Flink's
 * {@code frocksdbjni} (stack.md, trap 2).
 */
public final class TrackingStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingStage.class);

    private final JobConfig config;
    private final TrackingEngine engine;
    private final List<Integer> bands;
    private JobClient client;

    /** The job tracking frames of the {@code bands} band counts with {@code engine}. */
    public TrackingStage(JobConfig config, TrackingEngine engine, List<Integer> bands) {
        if ("rocksdb".equalsIgnoreCase(config.get("state.backend"))) {
            throw new IllegalArgumentException("the demo runs Flink next to Kafka Streams in one JVM, whose RocksDB build "
                    + "shadows Flink's: use state.backend=hashmap (or forst) for the embedded job");
        }
        this.config = config;
        this.engine = engine;
        this.bands = List.copyOf(bands);
    }

    @Override public String name() { return "tracking job (Flink local cluster)"; }

    @Override
    public void start() throws Exception {
        TrackingJob job = new TrackingJob(config, Sources.frames(config), Sources.commands(config),
                Sinks.updates(config), Sinks.telemetry(config), Sinks.deadLetters(config), engine, bands);
        Configuration flink = TrackingJob.flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        client = job.executeAsync(env);
        LOG.info("tracking job {} submitted to the local cluster (parallelism {}, state backend {}, checkpoints every {})",
                client.getJobID(), config.parallelism(), config.get("state.backend"), config.get("checkpoint.interval"));
    }

    /**
     * Waits until the job runs (its tasks are deployed and reading), so cameras started next find
     * it ready; a job that fails or does not run within {@code timeout} is an error.
     */
    public void awaitRunning(Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) return;
            if (status.isTerminalState()) throw new IllegalStateException("the tracking job ended as " + status + " at start-up");
            if (System.nanoTime() > until) throw new IllegalStateException("the tracking job is " + status + " after " + timeout);
            Thread.sleep(100);
        }
    }

    @Override
    public String progress() {
        try {
            return client == null ? "" : "job " + client.getJobStatus().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "job status unknown";
        }
    }

    @Override
    public void close() {
        if (client == null) return;
        try {
            client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("tracking job did not cancel cleanly: {}", e.toString());
        }
    }
}
