package io.spectratrack.local.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the CPU of this process goes, by stage of a frame's way: measured, not estimated. Java
 * threads are charged by name ({@link ThreadMXBean} CPU time); the JVM's own threads (garbage
 * collection, JIT compilers) by their Linux thread names in {@code /proc/self/task}; what is left
 * of the process's CPU time is TensorFlow's native thread pool, the only other native code here.
 * Two readings bracket a window; {@link #render} prints the difference per stage in CPU
 * milliseconds per frame.
 */
public final class StageCpu {
    /** A stage and the thread names that work for it (the first matching stage wins). */
    private record Stage(String name, List<String> threadNamePrefixes) {}

    private static final List<Stage> STAGES = List.of(
            new Stage("camera (simulated sensor; not part of the product)", List.of("camera-")),
            new Stage("ingest gateway (Kafka Streams: decode, demosaic, calibrate, produce)",
                    List.of("spectratrack-demo-ingest", "kafka-producer-network-thread | spectratrack-demo-ingest")),
            new Stage("broker (in-process Kafka: produce, fetch, transactions)",
                    List.of("data-plane-kafka", "kafka-", "TxnMarkerSender", "AddPartitionsToTxn", "group-coordinator",
                            "ReplicaFetcher", "LogDirFailureHandler", "ExpirationReaper", "transaction-log-manager",
                            "controller-", "broker-", "raft-", "quorum-", "metadata-", "share-coordinator", "executor-")),
            new Stage("job: fetch + decode + exchange (Flink sources)", List.of("Source", "Legacy Source", "OutputFlusher for Source")),
            new Stage("job: tracking, Java side (crops, signature, state, sinks)",
                    List.of("track targets", "model-host", "OutputFlusher for track", "dead letters", "Sink")),
            new Stage("job: Flink runtime (checkpoints, timers, RPC)",
                    List.of("flink-", "AsyncOperations", "jobmanager", "Checkpoint", "channel-state", "Flink", "pekko",
                            "mini-cluster", "BlobServer", "Sweeper", "SourceCoordinator", "Timer", "metrics", "IOExecutor",
                            "cluster-io", "taskmanager")),
            new Stage("page and its topic watcher", List.of("dashboard", "HTTP-Dispatcher", "HTTP")),
            new Stage("alert router (Kafka Streams)", List.of("spectratrack-demo-alerts", "kafka-producer-network-thread | spectratrack-demo-alerts")));
    private static final String OTHER_JAVA = "other Java threads (demo main, JFR, clients)";
    private static final String GC = "JVM: garbage collection";
    private static final String JIT = "JVM: JIT compilers";
    private static final String TENSORFLOW = "TensorFlow native threads (the model)";

    /** CPU nanoseconds per stage at one moment. */
    public record Reading(long atNanos, Map<String, Long> cpuNanos) {}

    private StageCpu() {}

    /** Whether this platform lets the process read its threads' CPU times. */
    public static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task")) && ManagementFactory.getThreadMXBean().isThreadCpuTimeSupported();
    }

    public static Reading read() {
        Map<String, Long> by = new LinkedHashMap<>();
        for (Stage s : STAGES) by.put(s.name, 0L);
        by.put(OTHER_JAVA, 0L);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long java = 0;
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) continue;
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu <= 0) continue;
            java += cpu;
            by.merge(stageOf(info.getThreadName()), cpu, Long::sum);
        }
        long gc = 0;
        long jit = 0;
        long tick = 10_000_000L; // USER_HZ = 100 on Linux: one clock tick is 10 ms
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm = read(t.resolve("comm")).trim();
                long ns = ticks(read(t.resolve("stat"))) * tick;
                if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) gc += ns;
                else if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) jit += ns;
            }
        } catch (IOException | RuntimeException e) {
            // A thread that ended while being read: it is counted in the process total below.
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        by.put(GC, gc);
        by.put(JIT, jit);
        by.put(TENSORFLOW, Math.max(0, process - java - gc - jit));
        return new Reading(System.nanoTime(), by);
    }

    private static String stageOf(String thread) {
        for (Stage s : STAGES) for (String p : s.threadNamePrefixes) if (thread.startsWith(p)) return s.name;
        return OTHER_JAVA;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of a /proc stat line (fields 14 and 15, after the parenthesised name). */
    private static long ticks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) return 0;
        String[] f = stat.substring(close + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The window between two readings: CPU ms per frame and share of the machine, per stage. */
    public static String render(Reading from, Reading to, long frames) {
        double seconds = (to.atNanos - from.atNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "CPU by stage over %.0f s and %d frames (%d cores):%n", seconds, frames, cores));
        s.append(String.format(Locale.ROOT, "  %-72s %14s %9s%n", "stage", "CPU ms/frame", "of cores"));
        long total = 0;
        for (var e : to.cpuNanos.entrySet()) {
            long ns = e.getValue() - from.cpuNanos.getOrDefault(e.getKey(), 0L);
            total += ns;
            s.append(row(e.getKey(), ns, frames, seconds, cores));
        }
        s.append(row("all", total, frames, seconds, cores));
        return s.toString();
    }

    private static String row(String name, long ns, long frames, double seconds, int cores) {
        return String.format(Locale.ROOT, "  %-72s %14.2f %8.1f%%%n", name, frames == 0 ? 0 : ns / 1e6 / frames,
                100.0 * ns / 1e9 / seconds / cores);
    }
}
