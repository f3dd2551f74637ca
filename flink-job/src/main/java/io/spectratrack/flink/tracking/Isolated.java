package io.spectratrack.flink.tracking;

import io.spectratrack.flink.model.ModelUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Per-item outcomes of a batched call, so that one bad item costs only itself. The batch is tried
 * whole first (the model host batches it, the common case costs nothing extra); when it throws, each
 * item is tried alone, and those that still throw carry their exception. A
 * {@link ModelUnavailableException} (no model to call) and any {@link Error} are not an item's
 * fault and propagate.
 */
final class Isolated<O> {
    private final O value;
    private final RuntimeException failure;

    private Isolated(O value, RuntimeException failure) {
        this.value = value;
        this.failure = failure;
    }

    boolean failed() { return failure != null; }
    O value() { return value; }
    RuntimeException failure() { return failure; }

    static <I, O> List<Isolated<O>> each(List<I> items, Function<List<I>, List<O>> call) {
        List<Isolated<O>> out = new ArrayList<>(items.size());
        try {
            for (O o : checked(items, call.apply(items))) out.add(new Isolated<>(o, null));
            return out;
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            if (items.size() == 1) return List.of(new Isolated<>(null, batchFailure));
        }
        for (I item : items) {
            try {
                out.add(new Isolated<>(checked(List.of(item), call.apply(List.of(item))).get(0), null));
            } catch (ModelUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                out.add(new Isolated<>(null, e));
            }
        }
        return out;
    }

    private static <I, O> List<O> checked(List<I> items, List<O> outs) {
        if (outs == null || outs.size() != items.size()) {
            throw new IllegalStateException("the engine returned " + (outs == null ? "nothing" : outs.size() + " results")
                    + " for " + items.size() + " targets");
        }
        return outs;
    }

    /** The cause in words for a dead letter: the exception's class and message, and its root's. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) s.append(": ").append(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != e) {
            s.append(" (caused by ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) s.append(": ").append(root.getMessage());
            s.append(')');
        }
        return s.toString();
    }
}
