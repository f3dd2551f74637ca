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
 */
final class RecentFrames {
    private final int capacity;
    private final Map<String, ArrayDeque<FrameEvent>> byCamera = new HashMap<>();

    RecentFrames(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code frame}, dropping the camera's oldest beyond the capacity. */
    void add(FrameEvent frame) {
        if (capacity <= 0) return;
        ArrayDeque<FrameEvent> q = byCamera.computeIfAbsent(frame.cameraId, c -> new ArrayDeque<>(capacity + 1));
        q.addLast(frame);
        while (q.size() > capacity) q.removeFirst();
    }

    /** The camera's frame {@code index}, or null when it is not (or no longer) held. */
    FrameEvent get(String camera, long index) {
        ArrayDeque<FrameEvent> q = byCamera.get(camera);
        if (q == null) return null;
        for (FrameEvent f : q) if (f.frameIndex == index) return f;
        return null;
    }

    /** The camera's frames after {@code index}, oldest first. */
    List<FrameEvent> after(String camera, long index) {
        List<FrameEvent> out = new ArrayList<>();
        ArrayDeque<FrameEvent> q = byCamera.get(camera);
        if (q != null) for (FrameEvent f : q) if (f.frameIndex > index) out.add(f);
        return out;
    }

    void forget(String camera) {
        byCamera.remove(camera);
    }
}
