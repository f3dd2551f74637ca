package io.spectratrack.streams.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of the gateway, shared by its stream threads; read by the progress log and tests. */
public final class IngestCounters {
    public final AtomicLong framesIn = new AtomicLong();
    public final AtomicLong bytesIn = new AtomicLong();
    public final AtomicLong framesOut = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    /** Cameras seen restarting their frame counter (FrameOrder). */
    public final AtomicLong cameraRestarts = new AtomicLong();
    public final AtomicLong missedFrames = new AtomicLong();
    /** Frames received but not processed because the gateway was behind real time. */
    public final AtomicLong shedFrames = new AtomicLong();
    public final AtomicLong calibrations = new AtomicLong();
    public final AtomicLong calibrationsRejected = new AtomicLong();

    private long lastIn;
    private long lastBytes;

    /** One progress line; {@code seconds} since the previous call. */
    public synchronized String progress(double seconds) {
        long in = framesIn.get();
        long bytes = bytesIn.get();
        double rate = (in - lastIn) / seconds;
        double mb = (bytes - lastBytes) / seconds / 1e6;
        lastIn = in;
        lastBytes = bytes;
        return String.format("%.1f frames/s, %.1f MB/s in; totals: %d in, %d out, %d dead-lettered, "
                        + "%d duplicates, %d missed, %d shed (behind real time), %d camera restarts, %d calibrations (%d rejected)",
                rate, mb, in, framesOut.get(), deadLetters.get(), duplicates.get(), missedFrames.get(), shedFrames.get(),
                cameraRestarts.get(),
                calibrations.get(), calibrationsRejected.get());
    }
}
