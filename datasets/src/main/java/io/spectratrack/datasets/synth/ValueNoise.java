package io.spectratrack.datasets.synth;

/**
 * Smooth 2-D value noise from a seed (hashed lattice values, smoothstep interpolation), summed
 * over octaves for natural textures. Stateless and deterministic: the same seed and point always
 * give the same value, so any frame can be rendered in any order.
 */
final class ValueNoise {
    private final long seed;

    ValueNoise(long seed) {
        this.seed = seed;
    }

    /** Lattice value in [-1, 1]. */
    double lattice(int x, int y) {
        long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
        h = mix(h);
        return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    /** Single-octave noise in [-1, 1] at {@code (x, y)} in lattice units. */
    double at(double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
        double a = lattice(x0, y0), b = lattice(x0 + 1, y0), c = lattice(x0, y0 + 1), d = lattice(x0 + 1, y0 + 1);
        double top = a + (b - a) * sx, bottom = c + (d - c) * sx;
        return top + (bottom - top) * sy;
    }

    /** Fractal sum of {@code octaves} octaves starting at period {@code scale} pixels, about [-1, 1]. */
    double fractal(double x, double y, double scale, int octaves) {
        double sum = 0, amp = 1, norm = 0, f = 1 / scale;
        for (int o = 0; o < octaves; o++) {
            sum += amp * at(x * f + o * 17.3, y * f - o * 9.1);
            norm += amp;
            amp *= 0.5;
            f *= 2;
        }
        return sum / norm;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
