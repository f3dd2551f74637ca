package io.spectratrack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own HTTP and
 * WebSocket clients: no WebDriver, no npm. Enough for a page test: evaluate an expression in the
 * page and take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");

    private final Process process;
    private final WebSocket socket;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> log = new ArrayList<>();

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static HeadlessChromium open(String url, Path userDataDir) throws Exception {
        // The flags the machine notes list: no sandbox as root, and no background connections,
        // which this closed network refuses many at a time.
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + userDataDir,
                "--remote-debugging-port=0", "--window-size=1400,1000", url);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // Chromium puts its singleton socket folder in TMPDIR and leaves it there on exit: keep it
        // next to the profile, in the test's own temporary folder.
        Path tmp = Files.createDirectories(userDataDir.resolveSibling(userDataDir.getFileName() + "-tmp"));
        pb.environment().put("TMPDIR", tmp.toString());
        Process p = pb.start();
        List<String> log = new ArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) { log.add(line); }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException e) {
                // process ended
            }
            port.completeExceptionally(new IllegalStateException("chromium exited before DevTools listened: " + log));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(p, port.get(30, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private HeadlessChromium(Process process, int port, List<String> log) throws Exception {
        this.process = process;
        synchronized (log) { this.log.addAll(log); }
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (wsUrl == null && System.nanoTime() < until) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : json.readTree(body)) {
                if ("page".equals(t.path("type").asText())) wsUrl = t.path("webSocketDebuggerUrl").asText();
            }
            if (wsUrl == null) Thread.sleep(200);
        }
        if (wsUrl == null) throw new IllegalStateException("chromium shows no page target");
        this.socket = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new Listener()).get(20, TimeUnit.SECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    JsonNode msg = json.readTree(buffer.toString());
                    CompletableFuture<JsonNode> f = msg.has("id") ? pending.remove(msg.get("id").asInt()) : null;
                    if (f != null) f.complete(msg);
                } catch (IOException e) {
                    // not for us
                }
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = json.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", json.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(json.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = f.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) throw new IllegalStateException(method + " failed: " + reply.get("error"));
        return reply.get("result");
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable results only). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    byte[] screenshotPng() throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    List<String> log() {
        return log;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
