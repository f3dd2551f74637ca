package io.spectratrack.flink.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Collects concurrent requests (each a list of items, e.g. every target of one frame from one
 * slot) into batches of at most {@code maxBatch} items for one model call. Once a request is
 * queued the worker waits at most {@code maxWait} for more, so batching costs a bounded latency;
 * when only one caller can be waiting (a single slot) it does not wait at all.
 */
final class DynamicBatcher<I, O> implements AutoCloseable {

    private record Request<I, O>(List<I> items, CompletableFuture<List<O>> result) {}

    private static final Request<?, ?> POISON = new Request<>(List.of(), null);

    private final int maxBatch;
    private final long maxWaitNanos;
    private final Function<List<I>, List<O>> call;
    private final IntConsumer batchSizes;
    private final IntSupplier callers;
    private final BlockingQueue<Request<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;

    DynamicBatcher(String name, int maxBatch, long maxWaitNanos, Function<List<I>, List<O>> call,
                   IntConsumer batchSizes, IntSupplier callers) {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = Math.max(0, maxWaitNanos);
        this.call = call;
        this.batchSizes = batchSizes;
        this.callers = callers;
        this.worker = new Thread(this::run, name);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Blocks until the items' outputs are ready; outputs are in item order. Never hangs on a
     * closed batcher: queueing is atomic with {@link #close()}, so a request is either queued
     * before the poison (and served, or failed by the worker on its way out) or refused here.
     */
    List<O> call(List<I> items) {
        if (items.isEmpty()) return List.of();
        CompletableFuture<List<O>> f = new CompletableFuture<>();
        synchronized (queue) {
            if (closed) throw new ModelUnavailableException("model host is closed");
            queue.add(new Request<>(items, f));
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        while (true) {
            Request<I, O> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                synchronized (queue) {
                    closed = true; // nobody serves the queue any more: refuse what comes next
                }
                failRemaining();
                return;
            }
            if (first == POISON) {
                failRemaining();
                return;
            }
            List<Request<I, O>> group = new ArrayList<>();
            group.add(first);
            int n = first.items().size();
            boolean stop = false;
            long deadline = System.nanoTime() + maxWaitNanos;
            // Wait for more only if another caller could be on its way.
            while (n < maxBatch && callers.getAsInt() > 1) {
                long left = deadline - System.nanoTime();
                Request<I, O> r = left <= 0 ? queue.poll() : poll(left);
                if (r == null) break;
                if (r == POISON) { stop = true; break; }
                group.add(r);
                n += r.items().size();
            }
            serve(group);
            if (stop) {
                failRemaining();
                return;
            }
        }
    }

    private Request<I, O> poll(long nanos) {
        try {
            return queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void serve(List<Request<I, O>> group) {
        try {
            List<I> all = new ArrayList<>();
            for (Request<I, O> r : group) all.addAll(r.items());
            List<O> outs = new ArrayList<>(all.size());
            for (int from = 0; from < all.size(); from += maxBatch) {
                List<I> chunk = all.subList(from, Math.min(all.size(), from + maxBatch));
                batchSizes.accept(chunk.size());
                List<O> o = call.apply(chunk);
                if (o.size() != chunk.size()) {
                    throw new IllegalStateException("model returned " + o.size() + " outputs for " + chunk.size() + " inputs");
                }
                outs.addAll(o);
            }
            int at = 0;
            for (Request<I, O> r : group) {
                int k = r.items().size();
                r.result().complete(new ArrayList<>(outs.subList(at, at + k)));
                at += k;
            }
        } catch (Throwable t) {
            for (Request<I, O> r : group) r.result().completeExceptionally(t);
        }
    }

    private void failRemaining() {
        Request<I, O> r;
        while ((r = queue.poll()) != null) {
            if (r.result() != null) r.result().completeExceptionally(new ModelUnavailableException("model host closed"));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void close() {
        synchronized (queue) {
            if (closed) return;
            closed = true;
            queue.add((Request<I, O>) POISON);
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
