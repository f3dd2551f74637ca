package io.spectratrack.tracking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory as Linux reports it, in kB.
 *
 * @param rssKb       resident set now ({@code VmRSS} of /proc/self/status)
 * @param peakRssKb   highest resident set so far ({@code VmHWM})
 * @param anonymousKb resident anonymous memory: heap, malloc arenas, thread stacks, no mapped
 *                    files ({@code Anonymous} of /proc/self/smaps_rollup, which sums the page
 *                    tables exactly; {@code RssAnon} of status, a per-thread cached counter, where
 *                    the kernel has no smaps_rollup)
 */
public record ProcessMemory(long rssKb, long peakRssKb, long anonymousKb) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path SMAPS_ROLLUP = Path.of("/proc/self/smaps_rollup");

    /** Reads this process's figures now. */
    public static ProcessMemory read() {
        try {
            String rollup = Files.isReadable(SMAPS_ROLLUP) ? Files.readString(SMAPS_ROLLUP) : "";
            return parse(Files.readString(STATUS), rollup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " (a Linux /proc is needed)", e);
        }
    }

    /** From the text of /proc/PID/status and /proc/PID/smaps_rollup (empty when there is none). */
    public static ProcessMemory parse(String status, String smapsRollup) {
        long rss = kb(status, "VmRSS");
        if (rss < 0) throw new IllegalArgumentException("no VmRSS line in the status text");
        long anon = kb(smapsRollup, "Anonymous");
        return new ProcessMemory(rss, kb(status, "VmHWM"), anon >= 0 ? anon : kb(status, "RssAnon"));
    }

    /** The value of a {@code Key:   123 kB} line, or -1 when the key is not there. */
    static long kb(String text, String key) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon != key.length() || !line.startsWith(key)) continue;
            String v = line.substring(colon + 1).trim();
            if (v.endsWith("kB")) v = v.substring(0, v.length() - 2).trim();
            return Long.parseLong(v);
        }
        return -1;
    }

    public double rssMb() { return rssKb / 1024.0; }
    public double peakRssMb() { return peakRssKb / 1024.0; }
    public double anonymousMb() { return anonymousKb / 1024.0; }
}
