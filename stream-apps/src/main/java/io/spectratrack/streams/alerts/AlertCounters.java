package io.spectratrack.streams.alerts;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of the alert router, shared by its stream threads; read by the progress log and tests. */
public final class AlertCounters {
    public final AtomicLong updates = new AtomicLong();
    public final AtomicLong telemetry = new AtomicLong();
    public final AtomicLong alerts = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    public final AtomicLong rules = new AtomicLong();

    private long last;

    public synchronized String progress(double seconds) {
        long in = updates.get() + telemetry.get();
        double rate = (in - last) / seconds;
        last = in;
        return String.format("%.1f records/s; totals: %d updates, %d telemetry, %d alerts, %d dead-lettered, %d rule changes",
                rate, updates.get(), telemetry.get(), alerts.get(), deadLetters.get(), rules.get());
    }
}
