package io.spectratrack.flink.cli;

import io.spectratrack.flink.TrackingJob;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.sink.Sinks;
import io.spectratrack.flink.source.Sources;
import io.spectratrack.flink.tracking.BandRoutedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./spectratrack job ...}: runs the tracking job. Started with plain {@code java} it runs on
 * an in-process Flink cluster (MiniCluster); started through Flink's CLI
 * ({@code bin/flink-cluster.sh submit}) the same main submits to that cluster.
 */
@Command(name = "job", mixinStandardHelpOptions = true, version = "spectratrack flink-job 0.1",
        description = "Run the SpectraTrack Flink tracking job (frames + track.commands -> track.updates, band.telemetry, DLQ).",
        subcommands = {TrackingJobCli.Run.class, TrackingJobCli.Options.class})
public class TrackingJobCli implements Callable<Integer> {

    public static void main(String[] args) {
        // Options without a subcommand mean "run" (no arguments at all prints the usage).
        boolean bareOptions = args.length > 0 && args[0].startsWith("-") && !List.of("-h", "--help", "-V", "--version").contains(args[0]);
        String[] a = bareOptions ? prepend("run", args) : args;
        int rc = new CommandLine(new TrackingJobCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A bad setting (model.dir, a range) is the user's to fix: the message says what; a stack trace would bury it.
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("spectratrack job: " + e.getMessage());
                return 2;
            }
            e.printStackTrace(cmd.getErr());
            return 1;
        }).execute(a);
        if (rc != 0) System.exit(rc);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the job: locally on a MiniCluster, or on the cluster when launched by Flink's CLI.")
    static class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, description = "Properties file (default: config/flink-job.properties when present).")
        Path config;

        @Option(names = {"-s", "--set"}, description = "Override a setting, key=value (repeatable; see `job options`).")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(names = "--bootstrap", description = "Kafka bootstrap servers (kafka.bootstrap).")
        String bootstrap;

        @Option(names = "--model", description = "One model for every camera: a SavedModel directory or shipped:NAME (model.dir). Default: each camera tracked by the model shipped for its band count (16 or 25).")
        String model;

        @Option(names = "--device", description = "auto, cpu or gpu:N (model.device).")
        String device;

        @Option(names = {"-p", "--parallelism"}, description = "Job parallelism (parallelism).")
        Integer parallelism;

        @Option(names = "--policy", description = "latest or process-all (realtime.policy).")
        String policy;

        @Option(names = "--from-savepoint", description = "Restore from this savepoint or retained checkpoint (local runs).")
        String savepoint;

        @Option(names = "--print-config", description = "Print the effective settings and exit.")
        boolean printConfig;

        @Override
        public Integer call() throws Exception {
            JobConfig cfg = config();
            if (printConfig) {
                cfg.asMap().forEach((k, v) -> System.out.println(k + "=" + v));
                return 0;
            }
            // An empty model.dir stays empty: each TaskManager then opens its own copies of the shipped
            // models, one per band count.
            SortedMap<Integer, String> models = ModelFiles.byBands(cfg.get("model.dir"));
            Configuration flink = TrackingJob.flinkConfiguration(cfg);
            if (savepoint != null) flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            TrackingJob job = new TrackingJob(cfg, Sources.frames(cfg), Sources.commands(cfg), Sinks.updates(cfg),
                    Sinks.telemetry(cfg), Sinks.deadLetters(cfg), BandRoutedEngine.fromConfig(cfg), BandRoutedEngine.acceptedBands(cfg));
            StringJoiner m = new StringJoiner(", ");
            models.forEach((bands, dir) -> m.add((bands > 0 ? bands + " bands: " : "") + dir));
            System.err.println("spectratrack job: model " + m + ", Kafka " + cfg.bootstrap()
                    + ", parallelism " + cfg.parallelism() + ", policy " + cfg.get("realtime.policy"));
            job.execute(env);
            return 0;
        }

        JobConfig config() throws Exception {
            Map<String, String> o = new LinkedHashMap<>(overrides);
            if (bootstrap != null) o.put("kafka.bootstrap", bootstrap);
            if (model != null) o.put("model.dir", model);
            if (device != null) o.put("model.device", device);
            if (parallelism != null) o.put("parallelism", parallelism.toString());
            if (policy != null) o.put("realtime.policy", policy);
            Path file = config;
            if (file == null && Files.isRegularFile(Path.of("config/flink-job.properties"))) {
                file = Path.of("config/flink-job.properties");
            }
            if (file != null && !Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "config file " + file + " does not exist");
            }
            return file == null ? JobConfig.of(o) : JobConfig.load(file, o);
        }
    }

    @Command(name = "options", mixinStandardHelpOptions = true, description = "List every setting with its default.")
    static class Options implements Callable<Integer> {
        @Override
        public Integer call() {
            for (JobConfig.Option o : JobConfig.OPTIONS) {
                System.out.printf("%-32s %-24s %s%n", o.key(), o.defaultValue().isEmpty() ? "(empty)" : o.defaultValue(),
                        o.description());
            }
            return 0;
        }
    }
}
