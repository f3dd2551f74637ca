package io.spectratrack.streams.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs an app's counters every few seconds (records/s, MB/s, dead letters) until closed. */
public final class ProgressLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final ScheduledExecutorService timer;

    private ProgressLog(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** {@code line} gets the seconds since its previous call and returns the line to log. */
    public static ProgressLog every(long seconds, String app, java.util.function.DoubleFunction<String> line) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, app + "-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {System.nanoTime()};
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            double dt = (now - last[0]) / 1e9;
            last[0] = now;
            try {
                LOG.info("{}: {}", app, line.apply(dt));
            } catch (RuntimeException e) {
                LOG.warn("{}: progress line failed: {}", app, e.toString());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
        return new ProgressLog(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

}
