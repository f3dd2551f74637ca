package io.spectratrack.streams.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A per-key cache that forgets its least recently used entry beyond {@code capacity}: for what an
 * app keeps in memory per camera id, since ids come from outside and a flood of new ones must not
 * fill the heap. Only for what can be rebuilt (a forgotten camera starts afresh).
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    public BoundedMap(int capacity) {
        super(16, 0.75f, true);
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
