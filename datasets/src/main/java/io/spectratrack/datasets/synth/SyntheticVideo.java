package io.spectratrack.datasets.synth;

import io.spectratrack.datasets.hot.HotWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A synthetic data set: {@code count} sequences from one base seed, named {@code synth_0001 ...},
 * written in the HOT layout (16-bit PNG mosaics holding {@code bitDepth}-bit values). Sequence
 * {@code i} depends only on the base seed and {@code i}, so data sets of different sizes share
 * their first sequences and any one can be regenerated alone.
 */
public final class SyntheticVideo {
    /** 12-bit values in 16-bit words, like the HOT VIS camera's PNGs. */
    public static final int DEFAULT_BIT_DEPTH = 12;

    private SyntheticVideo() {}

    public static String sequenceName(int index) {
        return String.format(Locale.ROOT, "synth_%04d", index + 1);
    }

    /** Sequence {@code index} of the data set with base seed {@code baseSeed}, in memory. */
    public static SyntheticSequence sequence(SceneSpec spec, long baseSeed, int index) {
        return SceneGenerator.generate(spec, SceneGenerator.sequenceSeed(baseSeed, index), sequenceName(index));
    }

    /**
     * Writes the data set; {@code progress} receives a line per finished sequence. Sequences are
     * independent, so {@code threads > 1} writes several at once with identical output.
     */
    public static List<Path> write(Path out, SceneSpec spec, int count, long baseSeed, int bitDepth, int threads,
                                   Consumer<String> progress) throws InterruptedException {
        HotWriter writer = new HotWriter(out, bitDepth);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Path>> jobs = new ArrayList<>();
            long t0 = System.nanoTime();
            int[] done = {0};
            for (int i = 0; i < count; i++) {
                int idx = i;
                jobs.add(pool.submit(() -> {
                    SyntheticSequence seq = sequence(spec, baseSeed, idx);
                    Path p = writer.write(seq, seq.wavelengthsNm(), null);
                    synchronized (done) {
                        done[0]++;
                        double el = (System.nanoTime() - t0) / 1e9;
                        double eta = el / done[0] * (count - done[0]);
                        progress.accept(String.format(Locale.ROOT, "[%d/%d] %s  %d frames  %s  (%.0fs elapsed, ETA %.0fs)",
                                done[0], count, seq.name(), seq.frameCount(), seq.attributes(), el, eta));
                    }
                    return p;
                }));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> f : jobs) {
                try {
                    paths.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    throw new IllegalStateException(c);
                }
            }
            return paths;
        } finally {
            pool.shutdownNow();
        }
    }
}
