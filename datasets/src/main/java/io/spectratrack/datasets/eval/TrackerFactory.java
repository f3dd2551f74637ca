package io.spectratrack.datasets.eval;

import java.util.function.Supplier;

/** A named recipe for fresh {@link Tracker}s; the name labels the tracker in JSON and plots. */
public interface TrackerFactory {

    String name();

    Tracker create();

    static TrackerFactory of(String name, Supplier<Tracker> supplier) {
        return new TrackerFactory() {
            @Override public String name() { return name; }
            @Override public Tracker create() { return supplier.get(); }
        };
    }
}
