package io.spectratrack.local.pipeline;

/** One program of the system running inside the demo's JVM; closed in reverse start order. */
public interface Stage extends AutoCloseable {

    String name();

    /** Starts the program and returns once it runs (not once it is done). */
    void start() throws Exception;

    /** One short line for the progress output, e.g. counters; empty when there is nothing to say. */
    default String progress() { return ""; }

    @Override
    void close();
}
