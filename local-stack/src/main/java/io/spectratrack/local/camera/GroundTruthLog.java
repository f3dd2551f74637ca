package io.spectratrack.local.camera;

import io.spectratrack.geometry.Box;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Where each simulated target really was on each published frame, by camera, target and frame
 * sequence. The dashboard overlays it and the summary scores the tracker against it.
 */
public final class GroundTruthLog {
    private final Map<String, Map<String, ConcurrentSkipListMap<Long, Box>>> boxes = new ConcurrentHashMap<>();
    private final Map<String, Long> skippedAtCamera = new ConcurrentHashMap<>();

    /**
     * How far back the demo remembers a camera's frames (truth, boxes, arrivals): an hour at 25
     * frames/s. A demo left running for days must not grow without bound; its summary scores the
     * last hour.
     */
    public static final long HISTORY_FRAMES = 90_000;

    public void record(String cameraId, String targetId, long sequence, Box box) {
        ConcurrentSkipListMap<Long, Box> t = boxes.computeIfAbsent(cameraId, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(targetId, x -> new ConcurrentSkipListMap<>());
        t.put(sequence, box);
        t.headMap(sequence - HISTORY_FRAMES, true).clear();
    }

    /** Frames the camera could not produce in time (sequence gaps it published). */
    public void skipped(String cameraId, long frames) {
        skippedAtCamera.merge(cameraId, frames, Long::sum);
    }

    public Box at(String cameraId, String targetId, long sequence) {
        var perTarget = boxes.getOrDefault(cameraId, Map.of()).get(targetId);
        return perTarget == null ? null : perTarget.get(sequence);
    }

    /** Every target's truth on one camera, by sequence (live view; do not modify). */
    public Map<String, ConcurrentSkipListMap<Long, Box>> camera(String cameraId) {
        return boxes.getOrDefault(cameraId, Map.of());
    }

    public Map<String, Map<String, ConcurrentSkipListMap<Long, Box>>> all() {
        return boxes;
    }

    public long skippedAtCameras() {
        return skippedAtCamera.values().stream().mapToLong(Long::longValue).sum();
    }
}
