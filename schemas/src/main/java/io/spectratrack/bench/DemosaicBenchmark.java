package io.spectratrack.bench;

import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import java.util.Arrays;
import java.util.Random;

/**
 * Decode + demosaic throughput of one camera record: Avro single-object decode of a 2048x1088
 * 16-bit 4x4 mosaic, sample decoding to floats and X2Cube, against a plain copy of the same bytes
 * measured in the same run (a ratio survives this noisy machine better than a number).
 *
 * <p>Run: {@code ./spectratrack bench demosaic [iterations]}. Results: docs/benchmarks.md.
 */
public final class DemosaicBenchmark {
    static final int WIDTH = 2048;
    static final int HEIGHT = 1088;
    static final int PATTERN = 4;
    static final int BIT_DEPTH = 12;

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: demosaic [iterations=40]\n  Decode + X2Cube of a " + WIDTH + "x" + HEIGHT
                    + " 16-bit 4x4 mosaic record vs an array copy of the same bytes.");
            return;
        }
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        float[] s = new float[WIDTH * HEIGHT];
        Random rnd = new Random(1);
        for (int i = 0; i < s.length; i++) s[i] = rnd.nextFloat();
        AvroCodec<RawMosaicFrame> codec = AvroCodec.of(RawMosaicFrame.class);
        byte[] record = codec.encode(RawMosaics.toRecord("bench", 1, 0, new Mosaic(HEIGHT, WIDTH, s), PATTERN, BIT_DEPTH));
        double mb = record.length / 1e6;
        byte[] copyTarget = new byte[record.length];

        long sink = 0;
        double[] decodeMs = new double[iterations];
        double[] copyMs = new double[iterations];
        // Interleave the two measurements so drift in machine load hits both alike.
        for (int warm = 0; warm < 10; warm++) sink += run(codec, record).bands() + copy(record, copyTarget);
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            SpectralCube cube = run(codec, record);
            long t1 = System.nanoTime();
            sink += copy(record, copyTarget);
            long t2 = System.nanoTime();
            sink += cube.bands();
            decodeMs[i] = (t1 - t0) / 1e6;
            copyMs[i] = (t2 - t1) / 1e6;
        }
        double d = median(decodeMs);
        double c = median(copyMs);
        System.out.printf("record: %.2f MB (%dx%d 16-bit mosaic, %d bands of %dx%d)%n", mb, WIDTH, HEIGHT,
                PATTERN * PATTERN, WIDTH / PATTERN, HEIGHT / PATTERN);
        System.out.printf("| step | median ms | MB/s |%n|---|---|---|%n");
        System.out.printf("| decode + demosaic to float cube | %.2f | %.0f |%n", d, mb / (d / 1e3));
        System.out.printf("| array copy of the same bytes | %.3f | %.0f |%n", c, mb / (c / 1e3));
        System.out.printf("ratio decode+demosaic / copy throughput: %.3f (%d iterations; sink %d)%n", c / d, iterations, sink % 7);
    }

    private static SpectralCube run(AvroCodec<RawMosaicFrame> codec, byte[] record) {
        return X2Cube.toCube(RawMosaics.toMosaic(codec.decode(record)), PATTERN);
    }

    private static int copy(byte[] src, byte[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst[dst.length / 2];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
