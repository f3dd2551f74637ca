package io.spectratrack.flink.tracking;

import io.spectratrack.flink.source.FrameEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few frames of each camera of one subtask, on the heap, so that a START naming a frame
 * that already passed can still initialise on it. Deliberately not Flink state: a frame is
 * megabytes, and checkpointing a few per camera every interval cost more than tracking did (and
 * kept the checkpoint interval long). After a recovery or a rescale the buffer starts empty and
 * refills from the replayed frames; only a command that names a frame from before the restored
 * checkpoint then finds it gone, and is dead-lettered like any command whose frame has left the
 * buffer.
 *
 * <p>Bounded twice: {@code capacity} frames per camera, and {@code maxBytes} of samples over all
 * cameras of the subtask (camera ids come from outside: a flood of new ones must not fill the
 * heap). Over the byte bound the oldest frames of any camera go first.
 */
final class RecentFrames {
    private final int capacity;
    private final long maxBytes;
    private final Map<String, ArrayDeque<Held>> byCamera = new HashMap<>();
    private long bytes;
    private long added;

    /** A frame and when it was added, to find the oldest over all cameras. */
    private record Held(FrameEvent frame, long order) {}

    RecentFrames(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code frame}, dropping the camera's oldest beyond the capacity, and the oldest of all beyond the bytes. */
    void add(FrameEvent frame) {
        if (capacity <= 0) return;
        ArrayDeque<Held> q = byCamera.computeIfAbsent(frame.cameraId, c -> new ArrayDeque<>(capacity + 1));
        q.addLast(new Held(frame, added++));
        bytes += size(frame);
        while (q.size() > capacity) bytes -= size(q.removeFirst().frame());
        while (bytes > maxBytes && evictOldest()) { }
    }

    long bytes() { return bytes; }

    private boolean evictOldest() {
        ArrayDeque<Held> oldest = null;
        for (ArrayDeque<Held> q : byCamera.values()) {
            if (!q.isEmpty() && (oldest == null || q.peekFirst().order() < oldest.peekFirst().order())) oldest = q;
        }
        if (oldest == null) return false;
        Held h = oldest.removeFirst();
        bytes -= size(h.frame());
        if (oldest.isEmpty()) byCamera.remove(h.frame().cameraId);
        return true;
    }

    private static long size(FrameEvent f) {
        return f.samples == null ? 0 : f.samples.length;
    }

    /** The camera's frame {@code index}, or null when it is not (or no longer) held. */
    FrameEvent get(String camera, long index) {
        ArrayDeque<Held> q = byCamera.get(camera);
        if (q == null) return null;
        for (Held h : q) if (h.frame().frameIndex == index) return h.frame();
        return null;
    }

    /** The camera's frames after {@code index}, oldest first. */
    List<FrameEvent> after(String camera, long index) {
        List<FrameEvent> out = new ArrayList<>();
        ArrayDeque<Held> q = byCamera.get(camera);
        if (q != null) for (Held h : q) if (h.frame().frameIndex > index) out.add(h.frame());
        return out;
    }

    void forget(String camera) {
        ArrayDeque<Held> q = byCamera.remove(camera);
        if (q != null) for (Held h : q) bytes -= size(h.frame());
    }
}
