package io.spectratrack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The multi-process cluster of {@code bin/flink-cluster.sh}: a JobManager and two TaskManagers
 * (one slot each) as separate JVMs. The job runs at parallelism 2 across both TaskManagers, is
 * stopped with a savepoint, and restarted from it at parallelism 1: every target keeps the boxes
 * of an uninterrupted (offline) run.
 */
class FlinkClusterIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("bin/flink-cluster.sh");

    private static EmbeddedKafka kafka;
    private static Path home;
    private static int restPort;
    private static boolean started;

    @BeforeAll
    static void startClusterAndKafka() throws Exception {
        kafka = EmbeddedKafka.start().createTopics(2, EmbeddedKafka.systemTopics());
        home = Files.createTempDirectory("flink-cluster-it-");
        restPort = freePort();
        started = true;
        String out = script(Duration.ofMinutes(4), "start");
        assertThat(out).contains("up, REST");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (started) script(Duration.ofMinutes(1), "stop");
        if (kafka != null) kafka.close();
        if (home != null) ScratchDirectory.deleteTree(home);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String script(Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("FLINK_CLUSTER_HOME", home.toString());
        env.put("FLINK_REST_PORT", String.valueOf(restPort));
        env.put("FLINK_RPC_PORT", String.valueOf(freePort()));
        env.put("FLINK_TASKMANAGERS", "2");
        env.put("FLINK_SLOTS", "1");
        env.put("FLINK_TM_MEMORY", "1400m");
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("flink-cluster.sh " + String.join(" ", args) + " timed out");
        }
        String out = new String(bytes, StandardCharsets.UTF_8);
        System.out.println("$ flink-cluster.sh " + String.join(" ", args) + "\n" + out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("flink-cluster.sh " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    private static String rest(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Submits the job with {@code model.dir=modelSetting} (empty: the shipped model for each band count). */
    private static String submit(int parallelism, String savepoint, String modelSetting) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "-p", String.valueOf(parallelism)));
        if (savepoint != null) args.addAll(List.of("-s", savepoint));
        args.add("--");
        for (String kv : List.of("kafka.bootstrap=" + kafka.bootstrapServers(), "kafka.transactional-id-prefix=cluster-it",
                "kafka.group-id=cluster-it", "kafka.starting-offsets=earliest", "model.dir=" + modelSetting, "model.device=cpu",
                "model.max-batch=1", // one target per call, as the offline run it is compared with (ExactlyOnceTest)
                "realtime.policy=process-all", "checkpoint.interval=PT1S", "checkpoint.dir=" + home.resolve("checkpoints").toUri(), "state.frame-buffer=64", "state.command-wait=PT120S")) {
            args.addAll(List.of("--set", kv));
        }
        String out = script(Duration.ofMinutes(3), args.toArray(String[]::new));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out);
        assertThat(m.find()).as("job id in\n" + out).isTrue();
        return m.group(1);
    }

    private static void awaitRunningOnAllSlots(String jobId) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String overview = "";
        while (System.nanoTime() < end) {
            overview = rest("/overview");
            if (rest("/jobs/" + jobId).contains("\"state\":\"RUNNING\"") && overview.contains("\"slots-available\":0")) return;
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not occupy every slot: " + overview);
    }

    @Test
    void stopWithSavepointAtParallelismTwoAcrossTwoTaskManagersAndRestartAtOneKeepsTheBoxes() throws Exception {
        // The default settings: 16- and 25-band cameras, each tracked by the model shipped for its band
        // count, opened by each TaskManager from its own classpath.
        var vis = OfflineEqualityTest.cameras(16, "vis-");
        var nir = OfflineEqualityTest.cameras(25, "nir-");
        List<OfflineEqualityTest.Camera> cams = new ArrayList<>(vis);
        cams.addAll(nir);
        int targets = cams.stream().mapToInt(c -> c.targets().size()).sum();
        int frames = OfflineEqualityTest.FRAMES;
        int stopAfter = 5;
        assertThat(rest("/taskmanagers")).contains("\"slotsNumber\":1");

        OfflineEqualityTest.produce(kafka, cams, 0, stopAfter, true);
        String first = submit(2, null, "");
        // Two TaskManagers of one slot each: parallelism 2 runs on both.
        awaitRunningOnAllSlots(first);
        List<TrackUpdate> before = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, targets * stopAfter,
                Duration.ofMinutes(3));
        assertComplete(before, cams, stopAfter, "before the savepoint");

        String out = script(Duration.ofMinutes(3), "savepoint", first);
        Matcher m = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(out);
        assertThat(m.find()).as("savepoint path in\n" + out).isTrue();
        String savepoint = m.group(1);

        OfflineEqualityTest.produce(kafka, cams, stopAfter, frames, false);
        String second = submit(1, savepoint, "");
        List<TrackUpdate> updates;
        try {
            updates = KafkaIO.readCommitted(kafka, Topics.TRACK_UPDATES, TrackUpdate.class, targets * frames, Duration.ofMinutes(3));
        } finally {
            script(Duration.ofMinutes(1), "cancel", second);
        }
        assertComplete(updates, cams, frames, "after the restart at parallelism 1");
        Map<String, Box> offline = new java.util.HashMap<>(OfflineEqualityTest.offline(vis, ShippedModel.liteForBands(16), frames, true));
        offline.putAll(OfflineEqualityTest.offline(nir, ShippedModel.liteForBands(25), frames, true));
        OfflineEqualityTest.assertSameBoxes(OfflineEqualityTest.boxes(updates), offline);
    }

    /**
     * Every target has exactly one committed update per frame. On failure the message names the
     * missing and duplicated updates and quotes the cluster's warnings, so a CI log says what went wrong.
     */
    private static void assertComplete(List<TrackUpdate> updates, List<OfflineEqualityTest.Camera> cams, int frames,
                                       String when) throws IOException {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (TrackUpdate u : updates) seen.merge(u.getCameraId() + "/" + u.getTargetId() + "#" + u.getFrameIndex(), 1, Integer::sum);
        List<String> missing = new ArrayList<>();
        for (var c : cams) {
            for (String t : c.targets().keySet()) {
                for (int i = 0; i < frames; i++) if (!seen.containsKey(c.id() + "/" + t + "#" + i)) missing.add(c.id() + "/" + t + "#" + i);
            }
        }
        List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        if (missing.isEmpty() && duplicated.isEmpty()) return;
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.contains(" WARN ") && line.contains("MetricGroup")) continue;
                    if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("switched from RUNNING to FAILED")
                            || line.contains("Aborting")) {
                        logs.append(f.getFileName()).append(": ").append(line, 0, Math.min(line.length(), 400)).append('\n');
                    }
                }
            }
        }
        throw new AssertionError("committed track updates " + when + ": " + updates.size() + " read; missing " + missing
                + ", duplicated " + duplicated + "\ncluster log excerpts:\n" + logs);
    }
}
