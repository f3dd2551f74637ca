package io.spectratrack.datasets.synth;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.geometry.Box;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A generated sequence held as a scene description; {@link #frame(int)} renders any frame on
 * demand, deterministically (the sensor noise of frame {@code i} comes from its own seed), so the
 * live-demo camera can stream it and the writer can store it without holding every cube.
 *
 * <p>Rendering per frame: background reflectance seen through the camera offset (pan + jitter),
 * objects drawn by layer (with motion blur as sub-steps over the exposure), illumination
 * (spectral tilt and gain drift), moving soft shadows (bluer inside: skylight), camera defocus
 * episodes, per-band sensor response, then shot + read noise, clipped to [0, 1].
 */
public final class SyntheticSequence implements VideoSequence {
    final String name;
    final long seed;
    final int width, height, bands, frames, margin, worldW, worldH;
    final double[] wavelengths;
    final float[] background;          // BSQ reflectance, bands x worldH x worldW
    final double[] response;           // illuminant x sensor response x exposure, per band
    final double[] gain, tilt;         // per frame: global illumination gain and spectral tilt
    final int[] camX, camY;            // per frame camera offset (integer px)
    final List<Actor> actors;          // sorted by layer; index of the target in targetIndex
    final int targetIndex;
    final List<Shadow> shadows;
    final int[] defocus;               // per frame box-blur radius (0 = sharp)
    final boolean motionBlur;
    final double shotNoise, readNoise;
    final List<Box> boxes;
    final Set<String> attributes;
    final double[] visibility;

    /** A moving soft shadow (cloud or building), view coordinates. */
    record Shadow(double x0, double y0, double vx, double vy, double rx, double ry, double depth, double soft) {
        double strength(double px, double py, int t) {
            double dx = (px - (x0 + vx * t)) / rx, dy = (py - (y0 + vy * t)) / ry;
            double d = (Math.sqrt(dx * dx + dy * dy) - 1) * Math.min(rx, ry) / soft;
            return Math.max(0, Math.min(1, 0.5 - d));
        }
    }

    SyntheticSequence(String name, long seed, int width, int height, int bands, int frames, int margin, double[] wavelengths,
                      float[] background, double[] response, double[] gain, double[] tilt, int[] camX, int[] camY,
                      List<Actor> actors, int targetIndex, List<Shadow> shadows, int[] defocus, boolean motionBlur,
                      double shotNoise, double readNoise, List<Box> boxes, Set<String> attributes, double[] visibility) {
        this.name = name;
        this.seed = seed;
        this.width = width;
        this.height = height;
        this.bands = bands;
        this.frames = frames;
        this.margin = margin;
        this.worldW = width + 2 * margin;
        this.worldH = height + 2 * margin;
        this.wavelengths = wavelengths;
        this.background = background;
        this.response = response;
        this.gain = gain;
        this.tilt = tilt;
        this.camX = camX;
        this.camY = camY;
        this.actors = actors;
        this.targetIndex = targetIndex;
        this.shadows = shadows;
        this.defocus = defocus;
        this.motionBlur = motionBlur;
        this.shotNoise = shotNoise;
        this.readNoise = readNoise;
        this.boxes = List.copyOf(boxes);
        this.attributes = Set.copyOf(attributes);
        this.visibility = visibility;
    }

    @Override public String name() { return name; }
    @Override public int frameCount() { return frames; }
    @Override public List<Box> groundTruth() { return boxes; }
    @Override public Set<String> attributes() { return attributes; }
    public Box box(int i) { return boxes.get(i); }
    /** Fraction of the target not hidden by occluders, per frame (7x7 sample grid over its shape). */
    @Override public double[] visibility() { return visibility.clone(); }
    public int bands() { return bands; }
    public int width() { return width; }
    public int height() { return height; }
    public double[] wavelengthsNm() { return wavelengths.clone(); }
    public long seed() { return seed; }

    @Override
    public SpectralCube frame(int t) {
        if (t < 0 || t >= frames) throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        int plane = width * height;
        float[] refl = new float[bands * plane];
        int ox = margin + camX[t], oy = margin + camY[t];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(background, (b * worldH + y + oy) * worldW + ox, refl, b * plane + y * width, width);
            }
        }
        for (Actor a : actors) drawActor(refl, a, t);
        float[] out = light(refl, t);
        if (defocus[t] > 0) boxBlur(out, defocus[t]);
        addNoise(out, t);
        return new SpectralCube(bands, height, width, out);
    }

    private void drawActor(float[] refl, Actor a, int t) {
        int steps = 1;
        double ddx = 0, ddy = 0;
        if (motionBlur && t > 0) {
            ddx = a.cx[t] - a.cx[t - 1];
            ddy = a.cy[t] - a.cy[t - 1];
            steps = (int) Math.max(1, Math.min(9, Math.ceil(Math.hypot(ddx, ddy) / 1.2)));
        }
        double[] ext = a.halfExtent(t);
        double fx = a.cx[t] - camX[t], fy = a.cy[t] - camY[t];
        double rag = 1 + a.ragged * 1.5;
        int x0 = (int) Math.floor(Math.min(fx, fx - ddx) - ext[0] * rag - 2), x1 = (int) Math.ceil(Math.max(fx, fx - ddx) + ext[0] * rag + 2);
        int y0 = (int) Math.floor(Math.min(fy, fy - ddy) - ext[1] * rag - 2), y1 = (int) Math.ceil(Math.max(fy, fy - ddy) + ext[1] * rag + 2);
        x0 = Math.max(0, x0); y0 = Math.max(0, y0);
        x1 = Math.min(width - 1, x1); y1 = Math.min(height - 1, y1);
        int plane = width * height;
        double[] uv = new double[2];
        double[] acc = new double[bands];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5 + camX[t], py = y + 0.5 + camY[t];
                double cov = 0;
                java.util.Arrays.fill(acc, 0);
                for (int k = 0; k < steps; k++) {
                    // Exposure covers the last 90% of the inter-frame motion, ending at the frame's pose.
                    double back = steps == 1 ? 0 : 0.9 * (1 - (k + 0.5) / steps);
                    double c = a.coverage(px, py, a.cx[t] - ddx * back, a.cy[t] - ddy * back, a.scale[t], a.angle[t], uv);
                    if (c <= 0) continue;
                    cov += c;
                    double sh = a.shade(uv[0], uv[1]);
                    for (int b = 0; b < bands; b++) acc[b] += c * a.surface(b, uv[0], uv[1], sh);
                }
                if (cov <= 0) continue;
                cov /= steps;
                int i = y * width + x;
                for (int b = 0; b < bands; b++) {
                    int j = b * plane + i;
                    refl[j] = (float) (refl[j] * (1 - cov) + acc[b] / steps);
                }
            }
        }
    }

    private float[] light(float[] refl, int t) {
        int plane = width * height;
        double lo = wavelengths[0], hi = wavelengths[bands - 1], mid = (lo + hi) / 2, range = Math.max(1, hi - lo);
        float[] shadowMap = null;
        for (Shadow s : shadows) {
            if (shadowMap == null) shadowMap = new float[plane];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double st = s.strength(x + 0.5 + camX[t], y + 0.5 + camY[t], t) * s.depth();
                    int i = y * width + x;
                    shadowMap[i] = (float) Math.max(shadowMap[i], st);
                }
            }
        }
        for (int b = 0; b < bands; b++) {
            double pos = (wavelengths[b] - mid) / range;
            double k = response[b] * gain[t] * (1 + tilt[t] * pos);
            // Shade is lit by the blue sky: relatively more light survives at short wavelengths.
            double shadowSpectral = 1 + 0.3 * pos;
            int off = b * plane;
            for (int i = 0; i < plane; i++) {
                double v = refl[off + i] * k;
                if (shadowMap != null) v *= 1 - Math.min(0.95, shadowMap[i] * shadowSpectral);
                refl[off + i] = (float) v;
            }
        }
        return refl;
    }

    private void boxBlur(float[] data, int r) {
        int plane = width * height;
        float[] tmp = new float[plane];
        float norm = 1f / (2 * r + 1);
        for (int b = 0; b < bands; b++) {
            int off = b * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float s = 0;
                    for (int d = -r; d <= r; d++) s += data[off + y * width + Math.max(0, Math.min(width - 1, x + d))];
                    tmp[y * width + x] = s * norm;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float s = 0;
                    for (int d = -r; d <= r; d++) s += tmp[Math.max(0, Math.min(height - 1, y + d)) * width + x];
                    data[off + y * width + x] = s * norm;
                }
            }
        }
    }

    private void addNoise(float[] data, int t) {
        SplittableRandom rnd = new SplittableRandom(ValueNoise.mix(seed * 31 + t * 0x9E3779B97F4A7C15L + 7));
        for (int i = 0; i < data.length; i++) {
            double v = Math.max(0, data[i]);
            double sigma = Math.sqrt(shotNoise * v + readNoise * readNoise);
            double n = v + sigma * rnd.nextGaussian();
            data[i] = (float) Math.max(0, Math.min(1, n));
        }
    }

    @Override
    public String toString() {
        return "SyntheticSequence[" + name + ", " + frames + " frames, " + bands + " bands, " + width + "x" + height + ", " + attributes + "]";
    }
}
