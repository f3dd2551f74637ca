package io.spectratrack.local.monitor;

import io.spectratrack.local.camera.GroundTruthLog;
import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.geometry.Box;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the system has said so far, as seen from its output topics: the latest frames per
 * camera (kept encoded; the dashboard renders one only when asked), every track update and band
 * telemetry per target, and the alerts. The dashboard reads snapshots of it and the summary scores
 * the updates. Thread-safe: one watcher thread writes, HTTP threads read.
 */
public final class LiveState {
    /** Frames kept per camera so the image shown can be the one the latest box was computed on. */
    static final int FRAMES_KEPT = 50;
    static final int TELEMETRY_KEPT = 240;
    static final int ALERTS_KEPT = 200;

    private final long startedMs = System.currentTimeMillis();
    private final Map<String, CameraView> cameras = new ConcurrentHashMap<>();
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final AtomicLong alertCount = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesMissed = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    /** Frames the job skipped (TrackUpdate.framesSkipped), summed over updates. */
    private final AtomicLong skippedByJob = new AtomicLong();
    private final LatencyRecorder latency = new LatencyRecorder();
    /** Camera exposure to the calibrated frame on the frames topic: the ingest gateway's share. */
    private final LatencyRecorder frameLag = new LatencyRecorder();
    /** Frame arrival times for a sliding frames/s figure. */
    private final Deque<Long> frameTimes = new ArrayDeque<>();

    public long startedMs() { return startedMs; }

    public void onFrame(HyperspectralFrame f, byte[] encoded) {
        framesIn.incrementAndGet();
        framesMissed.addAndGet(f.getFramesMissedBefore());
        long now = System.currentTimeMillis();
        frameLag.record(now - f.getCaptureTimeMs().toEpochMilli());
        synchronized (frameTimes) {
            frameTimes.addLast(now);
            while (!frameTimes.isEmpty() && frameTimes.peekFirst() < now - 5000) frameTimes.removeFirst();
        }
        camera(f.getCameraId()).onFrame(f, encoded);
    }

    public void onUpdate(TrackUpdate u) {
        updates.incrementAndGet();
        skippedByJob.addAndGet(u.getFramesSkipped());
        // End to end: camera exposure to the update reaching a consumer of track.updates.
        latency.record(System.currentTimeMillis() - u.getCaptureTimeMs().toEpochMilli());
        camera(u.getCameraId()).target(u.getTargetId()).onUpdate(u);
    }

    public void onTelemetry(BandTelemetry t) {
        camera(t.getCameraId()).target(t.getTargetId()).onTelemetry(t);
    }

    public void onRule(AlertRule r) {
        camera(r.getCameraId()).rule = r;
    }

    public void onAlert(Alert a) {
        alertCount.incrementAndGet();
        synchronized (alerts) {
            alerts.addFirst(a);
            while (alerts.size() > ALERTS_KEPT) alerts.removeLast();
        }
    }

    public CameraView camera(String id) {
        return cameras.computeIfAbsent(id, CameraView::new);
    }

    public Map<String, CameraView> cameras() {
        return new TreeMap<>(cameras);
    }

    public List<Alert> recentAlerts(int max) {
        synchronized (alerts) {
            return alerts.stream().limit(max).toList();
        }
    }

    public long alertCount() { return alertCount.get(); }

    /** Dead letters per topic and error type ("track.commands.dlq frame-expired"), and the last few reasons. */
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final Deque<String> recentDeadLetters = new ArrayDeque<>();

    public void onDeadLetter(String topic, io.spectratrack.avro.DeadLetter d) {
        deadLetters.computeIfAbsent(topic + " " + d.getErrorType(), k -> new AtomicLong()).incrementAndGet();
        synchronized (recentDeadLetters) {
            recentDeadLetters.addLast(topic + ": " + d.getReason());
            while (recentDeadLetters.size() > 20) recentDeadLetters.removeFirst();
        }
    }

    public Map<String, Long> deadLetterCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        deadLetters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public List<String> recentDeadLetters() {
        synchronized (recentDeadLetters) {
            return List.copyOf(recentDeadLetters);
        }
    }
    /**
     * Counts frames from the frames' producer instead of from {@link #onFrame} (a watcher that reads
     * only a sample of the frames, as the demo's does, cannot count them): frames published and
     * frames the gateway found missing, as running totals.
     */
    public void countFramesFrom(java.util.function.LongSupplier published, java.util.function.LongSupplier missed,
                                java.util.function.LongSupplier shed) {
        this.missedCounter = missed;
        this.shedCounter = shed;
        this.publishedCounter = published;
    }

    private volatile java.util.function.LongSupplier publishedCounter;
    private volatile java.util.function.LongSupplier missedCounter;
    private volatile java.util.function.LongSupplier shedCounter;

    /** Frames the ingest gateway shed (behind real time), when frames are counted by their producer; else 0. */
    public long shedByIngest() {
        var c = shedCounter;
        return c == null ? 0 : c.getAsLong();
    }
    /** (time ms, frames published) pairs of the last 5 s, for frames/s from a counter. */
    private final Deque<long[]> counted = new ArrayDeque<>();

    public long framesIn() {
        var c = publishedCounter;
        return c != null ? c.getAsLong() : framesIn.get();
    }

    public long framesMissed() {
        var c = missedCounter;
        return c != null ? c.getAsLong() : framesMissed.get();
    }
    public long updates() { return updates.get(); }
    public long skippedByJob() { return skippedByJob.get(); }
    public LatencyRecorder latency() { return latency; }
    public LatencyRecorder frameLag() { return frameLag; }

    public double framesPerSecond() {
        long now = System.currentTimeMillis();
        var c = publishedCounter;
        if (c != null) {
            synchronized (counted) {
                counted.addLast(new long[] {now, c.getAsLong()});
                // Keep one reading at or beyond the window's start, so the rate spans the whole window.
                while (counted.size() > 2 && nth(counted, 1)[0] <= now - 5000) counted.removeFirst();
                long[] first = counted.peekFirst();
                long[] last = counted.peekLast();
                return last[0] == first[0] ? 0 : (last[1] - first[1]) * 1000.0 / (last[0] - first[0]);
            }
        }
        synchronized (frameTimes) {
            while (!frameTimes.isEmpty() && frameTimes.peekFirst() < now - 5000) frameTimes.removeFirst();
            double span = Math.min(5.0, Math.max(0.001, (now - startedMs) / 1000.0));
            return frameTimes.size() / span;
        }
    }

    /** Targets whose latest update is recent and not LOST. */
    public int activeTargets() {
        long now = System.currentTimeMillis();
        int n = 0;
        for (CameraView c : cameras.values()) {
            for (TargetView t : c.targets().values()) {
                TrackUpdate u = t.latest();
                if (u != null && now - t.latestArrivalMs() < 3000 && !"LOST".equals(u.getStatus().name())) n++;
            }
        }
        return n;
    }

    /**
     * Frames the tracker did not answer for: per target, the frames of its camera since its
     * first update that have no update (the job's real-time policy drops stale frames).
     */
    public long framesWithoutUpdate() {
        // A watcher that samples frames cannot see which frames lack an update: count the skips
        // reported downstream instead (the job's on each update, the gateway's from its counter).
        if (publishedCounter != null) return skippedByJob() + shedByIngest();
        long n = 0;
        for (CameraView c : cameras.values()) {
            for (TargetView t : c.targets().values()) n += t.missingUpdates(c);
        }
        return n;
    }

    private static long[] nth(Deque<long[]> d, int i) {
        var it = d.iterator();
        for (int k = 0; k < i; k++) it.next();
        return it.next();
    }

    /** One camera: its recent frames and its targets. */
    public static final class CameraView {
        private final String id;
        private final NavigableMap<Long, byte[]> recentFrames = new TreeMap<>();
        private final Map<String, TargetView> targets = new ConcurrentHashMap<>();
        private volatile HyperspectralFrame latestHeader;
        private volatile AlertRule rule;
        private volatile long lastFrameIndex = -1;
        private volatile long firstFrameIndex = -1;
        /** Index of every frame that arrived (a camera's skipped exposures never do). */
        private final java.util.NavigableSet<Long> arrived = new java.util.concurrent.ConcurrentSkipListSet<>();

        CameraView(String id) { this.id = id; }

        void onFrame(HyperspectralFrame f, byte[] encoded) {
            synchronized (recentFrames) {
                recentFrames.put(f.getFrameIndex(), encoded);
                while (recentFrames.size() > FRAMES_KEPT) recentFrames.pollFirstEntry();
            }
            // Keep the header without the multi-megabyte samples.
            HyperspectralFrame header = HyperspectralFrame.newBuilder(f).setSamples(java.nio.ByteBuffer.allocate(0)).build();
            latestHeader = header;
            arrived.add(f.getFrameIndex());
            arrived.headSet(f.getFrameIndex() - GroundTruthLog.HISTORY_FRAMES, true).clear();
            if (firstFrameIndex < 0) firstFrameIndex = f.getFrameIndex();
            lastFrameIndex = Math.max(lastFrameIndex, f.getFrameIndex());
        }

        public String id() { return id; }
        public AlertRule rule() { return rule; }
        public HyperspectralFrame latestHeader() { return latestHeader; }
        public long lastFrameIndex() { return lastFrameIndex; }

        /** Indices of the frames held for the page, newest first. */
        public List<Long> heldFrames() {
            synchronized (recentFrames) {
                return new ArrayList<>(recentFrames.descendingKeySet());
            }
        }

        /** The encoded frame {@code index}, or the newest one at or before it, or null. */
        public Map.Entry<Long, byte[]> frameAtOrBefore(long index) {
            synchronized (recentFrames) {
                var e = recentFrames.floorEntry(index);
                return e != null ? e : recentFrames.lastEntry();
            }
        }

        public TargetView target(String id) {
            return targets.computeIfAbsent(id, TargetView::new);
        }

        public Map<String, TargetView> targets() {
            return new TreeMap<>(targets);
        }
    }

    /**
     * One target: its box on every frame of the last {@link GroundTruthLog#HISTORY_FRAMES} (boxes
     * only: the whole update is kept for the latest), and a window of band telemetry.
     */
    public static final class TargetView {
        private final String id;
        private final NavigableMap<Long, Box> updates = new TreeMap<>();
        private final Deque<BandTelemetry> telemetry = new ArrayDeque<>();
        private volatile TrackUpdate latest;
        private volatile long latestArrivalMs;

        TargetView(String id) { this.id = id; }

        synchronized void onUpdate(TrackUpdate u) {
            // A replay after a failure may repeat an update: the newest word on a frame wins.
            var b = u.getBox();
            updates.put(u.getFrameIndex(), new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()));
            updates.headMap(updates.lastKey() - GroundTruthLog.HISTORY_FRAMES, true).clear();
            if (latest == null || u.getFrameIndex() >= latest.getFrameIndex()) {
                latest = u;
                latestArrivalMs = System.currentTimeMillis();
            }
        }

        synchronized void onTelemetry(BandTelemetry t) {
            telemetry.addLast(t);
            while (telemetry.size() > TELEMETRY_KEPT) telemetry.removeFirst();
        }

        public String id() { return id; }
        public TrackUpdate latest() { return latest; }
        public long latestArrivalMs() { return latestArrivalMs; }

        public synchronized List<BandTelemetry> telemetry() {
            return new ArrayList<>(telemetry);
        }

        public synchronized BandTelemetry latestTelemetry() {
            return telemetry.peekLast();
        }

        /** The box published for frame {@code index}, or null. */
        public synchronized Box boxAt(long index) {
            return updates.get(index);
        }

        /** Boxes by frame index (a copy). */
        public synchronized Map<Long, Box> boxes() {
            return new LinkedHashMap<>(updates);
        }

        public synchronized int updateCount() {
            return updates.size();
        }

        /** Frames of the camera that arrived since this target's first box but got no box. */
        synchronized long missingUpdates(CameraView camera) {
            if (updates.isEmpty()) return 0;
            long arrivedSince = camera.arrived.tailSet(updates.firstKey(), true).size();
            return Math.max(0, arrivedSince - updates.size());
        }
    }
}
