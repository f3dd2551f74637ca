package io.spectratrack.datasets.synth;

/**
 * A moving object in the scene (the target, a look-alike distractor, clutter, or an occluder):
 * a soft-edged ellipse / rectangle / rounded rectangle with its own spectra and surface texture,
 * and a per-frame pose in view coordinates (the camera's nominal frame, before pan and jitter).
 */
final class Actor {
    enum Shape { ELLIPSE, RECT, ROUNDED }

    /** Drawing order: lower layers first; occluders last. */
    static final int LAYER_UNDER = 0, LAYER_TARGET = 1, LAYER_OVER = 2, LAYER_OCCLUDER = 3;

    final Shape shape;
    final double[] spectrum;
    /** Second surface (stripe, cap or spots), or null. */
    final double[] spectrum2;
    /** 0 none, 1 stripe along the long axis, 2 cap at one end, 3 spots. */
    final int pattern;
    final double textureAmp;
    final ValueNoise texture;
    /** Edge irregularity (canopies), 0 for man-made shapes. */
    final double ragged;
    final double baseW, baseH;
    final double[] cx, cy, scale, angle;
    final int layer;

    Actor(Shape shape, double[] spectrum, double[] spectrum2, int pattern, double textureAmp, long textureSeed, double ragged,
          double baseW, double baseH, double[] cx, double[] cy, double[] scale, double[] angle, int layer) {
        this.shape = shape;
        this.spectrum = spectrum;
        this.spectrum2 = spectrum2;
        this.pattern = spectrum2 == null ? 0 : pattern;
        this.textureAmp = textureAmp;
        this.texture = new ValueNoise(textureSeed);
        this.ragged = ragged;
        this.baseW = baseW;
        this.baseH = baseH;
        this.cx = cx;
        this.cy = cy;
        this.scale = scale;
        this.angle = angle;
        this.layer = layer;
    }

    double halfW(int t) { return baseW * scale[t] / 2; }
    double halfH(int t) { return baseH * scale[t] / 2; }

    /** Half extents of the axis-aligned bounding box at frame t. */
    double[] halfExtent(int t) {
        double a = halfW(t), b = halfH(t);
        double c = Math.abs(Math.cos(angle[t])), s = Math.abs(Math.sin(angle[t]));
        if (shape == Shape.ELLIPSE) {
            return new double[] {Math.sqrt(a * a * c * c + b * b * s * s), Math.sqrt(a * a * s * s + b * b * c * c)};
        }
        return new double[] {a * c + b * s, a * s + b * c};
    }

    /** Normalised shape radius of object coordinates (u, v): < 1 inside. */
    double radius(double u, double v) {
        double r = switch (shape) {
            case ELLIPSE -> Math.sqrt(u * u + v * v);
            case RECT -> Math.max(Math.abs(u), Math.abs(v));
            case ROUNDED -> Math.sqrt(Math.sqrt(u * u * u * u + v * v * v * v));
        };
        if (ragged > 0) r += ragged * texture.at(u * 3 + 5, v * 3 - 7);
        return r;
    }

    /**
     * Coverage of point (px, py) (view coordinates) by the object posed at (x, y, s, theta), with
     * a one-pixel soft edge for anti-aliasing. Writes object coordinates into {@code uv}.
     */
    double coverage(double px, double py, double x, double y, double s, double theta, double[] uv) {
        double a = baseW * s / 2, b = baseH * s / 2;
        double dx = px - x, dy = py - y;
        double c = Math.cos(theta), sn = Math.sin(theta);
        double u = (dx * c + dy * sn) / a;
        double v = (-dx * sn + dy * c) / b;
        uv[0] = u;
        uv[1] = v;
        double r = radius(u, v);
        double edgePx = (1 - r) * Math.min(a, b);
        return Math.max(0, Math.min(1, edgePx + 0.5));
    }

    /** Surface reflectance of band b at object coordinates (u, v): spectrum, pattern, shading, texture. */
    double surface(int b, double u, double v, double shade) {
        double[] sp = spectrum;
        if (pattern == 1 && Math.abs(v) < 0.3) sp = spectrum2;
        else if (pattern == 2 && u > 0.45) sp = spectrum2;
        else if (pattern == 3 && texture.at(u * 2.5 + 31, v * 2.5 + 11) > 0.25) sp = spectrum2;
        return sp[b] * shade;
    }

    double shade(double u, double v) {
        double r2 = u * u + v * v;
        return Math.max(0.2, 1 - 0.18 * Math.min(1, r2) + textureAmp * texture.fractal(u * 4 + 100, v * 4 + 100, 1, 2));
    }
}
