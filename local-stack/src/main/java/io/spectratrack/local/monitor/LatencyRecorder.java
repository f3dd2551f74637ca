package io.spectratrack.local.monitor;

import java.util.Arrays;

/**
 * Capture-to-output latencies in milliseconds, all of them (a demo hour at 50 updates/s is 180 k
 * longs), so percentiles are exact rather than estimated.
 */
public final class LatencyRecorder {
    private long[] values = new long[1024];
    private int count;

    public synchronized void record(long ms) {
        if (count == values.length) values = Arrays.copyOf(values, count * 2);
        values[count++] = Math.max(0, ms);
    }

    public synchronized int count() {
        return count;
    }

    /** Percentile {@code p} in [0, 100] over everything recorded, or -1 when empty (nearest rank). */
    public synchronized long percentile(double p) {
        return percentileOf(Arrays.copyOf(values, count), p);
    }

    /** Percentile over the most recent {@code last} values only. */
    public synchronized long recentPercentile(double p, int last) {
        int from = Math.max(0, count - last);
        return percentileOf(Arrays.copyOfRange(values, from, count), p);
    }

    static long percentileOf(long[] v, double p) {
        if (v.length == 0) return -1;
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.min(v.length - 1, Math.max(0, rank - 1))];
    }
}
