package io.spectratrack.local.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.local.monitor.LiveState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page: a static HTML+JS page from the classpath, a Server-Sent Events stream of
 * snapshots, and the false-colour picture of a camera's frame as JPEG. Bound to the loopback
 * interface only: the demo is for the person at this machine.
 *
 * <ul>
 *   <li>{@code GET /} the page; {@code /app.js}, {@code /style.css}</li>
 *   <li>{@code GET /api/events} SSE: a {@code state} event every {@value #PUSH_MS} ms</li>
 *   <li>{@code GET /api/state} the same snapshot once (with band-importance history)</li>
 *   <li>{@code GET /api/frame?camera=ID&index=N} JPEG of frame N (or the newest before it)</li>
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    static final int PUSH_MS = 250;
    private static final AvroCodec<HyperspectralFrame> FRAME = AvroCodec.of(HyperspectralFrame.class);
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");

    private final HttpServer server;
    private final ExecutorService executor;
    private final LiveState live;
    private final GroundTruthLog truth;
    private final Supplier<Map<String, Object>> extraStatus;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, RenderedFrame> rendered = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    private record RenderedFrame(long index, byte[] jpeg) {}

    public DashboardServer(int port, LiveState live, GroundTruthLog truth, Supplier<Map<String, Object>> extraStatus)
            throws IOException {
        this.live = live;
        this.truth = truth;
        this.extraStatus = extraStatus;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handleStatic);
        server.createContext("/api/state", ex -> sendJson(ex, DashboardSnapshot.of(live, truth, extraStatus, true)));
        server.createContext("/api/events", this::handleEvents);
        server.createContext("/api/frame", this::handleFrame);
    }

    public DashboardServer start() {
        server.start();
        LOG.info("dashboard at {}", url());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/";
    }

    private void handleStatic(HttpExchange ex) throws IOException {
        String resource = STATIC.get(ex.getRequestURI().getPath());
        if (resource == null) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + resource)) {
            if (in == null) throw new IOException("resource dashboard/" + resource + " is missing from the classpath");
            String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                    : resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(ex, 200, type, in.readAllBytes());
        }
    }

    private void handleEvents(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            boolean first = true;
            while (open) {
                byte[] data = json.writeValueAsBytes(DashboardSnapshot.of(live, truth, extraStatus, first));
                first = false;
                out.write("event: state\ndata: ".getBytes(StandardCharsets.UTF_8));
                out.write(data);
                out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(PUSH_MS);
            }
        } catch (IOException e) {
            // The page went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private void handleFrame(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI());
        String camera = q.get("camera");
        if (camera == null || !live.cameras().containsKey(camera)) {
            send(ex, 404, "text/plain", ("no camera " + camera).getBytes(StandardCharsets.UTF_8));
            return;
        }
        long index = Long.MAX_VALUE;
        try {
            if (q.containsKey("index")) index = Long.parseLong(q.get("index"));
        } catch (NumberFormatException e) {
            send(ex, 400, "text/plain", "index must be a number".getBytes(StandardCharsets.UTF_8));
            return;
        }
        var entry = live.camera(camera).frameAtOrBefore(index);
        if (entry == null) {
            send(ex, 404, "text/plain", "no frame yet".getBytes(StandardCharsets.UTF_8));
            return;
        }
        RenderedFrame cached = rendered.get(camera);
        if (cached == null || cached.index() != entry.getKey()) {
            HyperspectralFrame f = FRAME.decode(entry.getValue());
            var cube = FrameCubes.toCube(f);
            byte[] jpeg = FalseColour.jpeg(FalseColour.render(cube, FalseColour.chooseBands(cube.bands(), f.getWavelengthsNm())));
            cached = new RenderedFrame(entry.getKey(), jpeg);
            rendered.put(camera, cached);
        }
        ex.getResponseHeaders().set("X-Frame-Index", String.valueOf(cached.index()));
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, "image/jpeg", cached.jpeg());
    }

    private void sendJson(HttpExchange ex, Object value) throws IOException {
        send(ex, 200, "application/json", json.writeValueAsBytes(value));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
