package io.spectratrack.flink.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batcher's contract with its callers: outputs in order, and no caller left waiting by a close. */
class DynamicBatcherTest {

    @Test
    void concurrentCallersGetTheirOwnOutputsInOrder() throws Exception {
        AtomicInteger callers = new AtomicInteger(4);
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>("test", 8, TimeUnit.MILLISECONDS.toNanos(2),
                items -> items.stream().map(i -> i * 10).toList(), n -> { }, callers::get)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                int base = c * 3;
                results.add(pool.submit(() -> b.call(List.of(base, base + 1, base + 2))));
            }
            for (int c = 0; c < 40; c++) {
                assertThat(results.get(c).get(10, TimeUnit.SECONDS)).containsExactly(c * 30, c * 30 + 10, c * 30 + 20);
            }
            pool.shutdownNow();
        }
    }

    /**
     * Callers racing a close: each either gets its outputs or a {@link ModelUnavailableException},
     * within seconds. Before the fix, a request queued behind the poison waited forever.
     */
    @Test
    void aCloseRacingCallersLeavesNoneHanging() throws Exception {
        for (int round = 0; round < 200; round++) {
            DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>("race", 4, 0, items -> items, n -> { }, () -> 1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> calls = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    int served = 0;
                    for (int i = 0; i < 50; i++) {
                        try {
                            b.call(List.of(i));
                            served++;
                        } catch (ModelUnavailableException e) {
                            return "closed after " + served;
                        }
                    }
                    return "served " + served;
                }));
            }
            go.countDown();
            if (round % 2 == 0) Thread.onSpinWait(); else Thread.yield();
            b.close();
            for (Future<String> f : calls) {
                try {
                    assertThat(f.get(5, TimeUnit.SECONDS)).matches("closed after \\d+|served 50");
                } catch (TimeoutException e) {
                    throw new AssertionError("round " + round + ": a caller still waits 5 s after close()", e);
                }
            }
            pool.shutdownNow();
        }
    }

    @Test
    void aCallAfterCloseIsRefusedAtOnce() {
        DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>("closed", 4, 0, items -> items, n -> { }, () -> 1);
        b.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.call(List.of(1)))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailingModelCallFailsItsCallersNotTheBatcher() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>("fail", 4, 0, items -> {
            if (n.getAndIncrement() == 0) throw new IllegalArgumentException("bad input");
            return items;
        }, x -> { }, () -> 1)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.call(List.of(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
            assertThat(b.call(List.of(2))).containsExactly(2);
        }
    }
}
