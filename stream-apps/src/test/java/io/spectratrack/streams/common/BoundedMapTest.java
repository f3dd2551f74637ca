package io.spectratrack.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedMapTest {
    @Test
    void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
        BoundedMap<String, Integer> m = new BoundedMap<>(3);
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3);
        m.get("a"); // used: b is now the least recent
        m.put("d", 4);
        assertThat(m).containsOnlyKeys("a", "c", "d");
        for (int i = 0; i < 10_000; i++) m.put("flood-" + i, i);
        assertThat(m).hasSize(3);
    }
}
