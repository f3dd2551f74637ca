package io.spectratrack.datasets.synth;

import io.spectratrack.datasets.Attributes;
import io.spectratrack.geometry.Box;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds synthetic hyperspectral tracking sequences from a seed: a textured background of ground
 * covers, one target that moves independently of it, and the staged challenges (occluders on its
 * path, look-alike distractors crossing it, moving shadows and illumination drift, motion blur and
 * defocus, camera pan and jitter, scale change, rotation, small size, camouflage).
 *
 * <p><b>Camouflage.</b> The background is dominated by one ground cover and the target carries a
 * copy of that spectrum plus a perturbation confined to a few bands and chosen in the null space
 * of a 3-channel RGB rendering (three broad Gaussian sensitivities over the band range, weighted by
 * the illuminant and sensor response): its RGB rendering equals the background's while those bands
 * differ by 30-60%. Only a tracker that uses the spectrum can separate it.
 *
 * <p>The recorded attributes are measured from the generated motion, not just copied from the
 * plan (an occluder the target never reaches does not make an "occlusion" sequence).
 */
public final class SceneGenerator {
    private SceneGenerator() {}

    /** A sequence named after its seed. */
    public static SyntheticSequence generate(SceneSpec spec, long seed) {
        return generate(spec, seed, String.format("synth-%016x", seed));
    }

    public static SyntheticSequence generate(SceneSpec spec, long seed, String name) {
        return new Builder(spec, seed, name).build();
    }

    /** Mixes a base seed and an index into an independent sequence seed. */
    public static long sequenceSeed(long baseSeed, int index) {
        return ValueNoise.mix(baseSeed * 0x9E3779B97F4A7C15L + index + 1);
    }

    private static final class Builder {
        final SceneSpec spec;
        final long seed;
        final String name;
        final SplittableRandom rnd;
        final int w, h, bands, n, margin;
        final double[] wl;
        final double diff;
        Set<String> plan;
        double[] visibility;

        Builder(SceneSpec spec, long seed, String name) {
            this.spec = spec;
            this.seed = seed;
            this.name = name;
            this.rnd = new SplittableRandom(seed);
            this.w = spec.width();
            this.h = spec.height();
            this.bands = spec.bands();
            this.n = spec.frames();
            this.margin = 24;
            this.wl = BandLayout.wavelengthsNm(bands);
            this.diff = spec.difficulty();
        }

        double u(double a, double b) { return a + (b - a) * rnd.nextDouble(); }
        boolean p(double prob) { return rnd.nextDouble() < prob; }
        <T> T pick(List<T> l) { return l.get(rnd.nextInt(l.size())); }

        SyntheticSequence build() {
            plan = spec.challenges() != null ? new HashSet<>(spec.challenges()) : drawChallenges();
            boolean camo = plan.contains(Attributes.CAMOUFLAGE);

            // Sensor and light.
            double[] response = new double[bands];
            double lo = wl[0], hi = wl[bands - 1], mid = (lo + hi) / 2, range = Math.max(1, hi - lo);
            double exposure = u(0.9, 1.5);
            double baseTilt = u(-0.25, 0.25);
            for (int b = 0; b < bands; b++) {
                double pos = (wl[b] - mid) / range;
                // Filter transmission falls off towards the ends of the range; a little per-band spread.
                double qe = (0.55 + 0.45 * Math.exp(-pos * pos / 0.18)) * u(0.92, 1.08);
                response[b] = exposure * qe * (1 + baseTilt * pos);
            }

            // Camera: slow pan plus (for jitter sequences) per-frame shake.
            int[] camX = new int[n], camY = new int[n];
            double panA = u(0, 10), panB = u(0, 8), panP = u(60, 240), ph1 = u(0, 6.3), ph2 = u(0, 6.3);
            double jitter = plan.contains(Attributes.CAMERA_JITTER) ? u(1.5, 1.5 + 3 * diff) : 0;
            for (int t = 0; t < n; t++) {
                double jx = jitter * rnd.nextGaussian(), jy = jitter * rnd.nextGaussian();
                camX[t] = clampInt((int) Math.round(panA * Math.sin(2 * Math.PI * t / panP + ph1) + jx), -margin + 1, margin - 1);
                camY[t] = clampInt((int) Math.round(panB * Math.sin(2 * Math.PI * t / (panP * 1.3) + ph2) + jy), -margin + 1, margin - 1);
            }

            // Background.
            Material dominant = pick(List.of(Material.VEGETATION, Material.DRY_GRASS, Material.SAND, Material.LOAM,
                    Material.CONCRETE, Material.DARK_FOLIAGE, Material.CLAY));
            double[] dominantSpec = dominant.instance(wl, rnd);
            float[] bg = background(camo, dominant, dominantSpec);

            // Target.
            boolean small = plan.contains(Attributes.SMALL_TARGET);
            double side = small ? u(7, 13) : u(16, 36);
            double aspect = Math.exp(u(-0.6, 0.6));
            double tw = side * Math.sqrt(aspect), th = side / Math.sqrt(aspect);
            Actor.Shape shape = pick(List.of(Actor.Shape.values()));
            double[] tSpec, tSpec2 = null;
            int pattern = 0;
            double texAmp;
            if (camo) {
                tSpec = camouflage(dominantSpec, response);
                texAmp = 0.12;
            } else {
                tSpec = pick(Material.objects()).instance(wl, rnd);
                if (p(0.6)) {
                    tSpec2 = pick(Material.objects()).instance(wl, rnd);
                    pattern = 1 + rnd.nextInt(3);
                }
                texAmp = u(0.03, 0.12);
            }
            double[][] traj = trajectory(camX, camY, Math.max(tw, th) / 2);
            double[] scale = scaleCurve();
            double[] angle = angleCurve();
            Actor target = new Actor(shape, tSpec, tSpec2, pattern, texAmp, rnd.nextLong(), 0, tw, th, traj[0], traj[1], scale, angle, Actor.LAYER_TARGET);
            List<Actor> actors = new ArrayList<>();
            actors.add(target);

            // Look-alike distractors crossing the target; other clutter objects.
            int nd = plan.contains(Attributes.DISTRACTOR) ? 1 + (p(0.4 * diff) ? 1 : 0) : 0;
            for (int i = 0; i < nd; i++) {
                double[] dSpec = scaleSpec(tSpec, u(0.92, 1.08));
                double[] dSpec2 = tSpec2 == null ? null : scaleSpec(tSpec2, u(0.92, 1.08));
                double s = u(0.85, 1.15);
                double[][] dt = crossing(target, u(0.2, 0.8), u(1, 2.5 + 2 * diff));
                actors.add(new Actor(shape, dSpec, dSpec2, pattern, texAmp, rnd.nextLong(), 0, tw * s, th * s, dt[0], dt[1],
                        scaleCurveMild(), angleCurve(), p(0.5) ? Actor.LAYER_UNDER : Actor.LAYER_OVER));
            }
            int clutter = rnd.nextInt(4);
            for (int i = 0; i < clutter; i++) {
                double cs = u(10, 40), ca = Math.exp(u(-0.7, 0.7));
                double[][] ct = freeTrajectory(u(0, 1.5));
                actors.add(new Actor(pick(List.of(Actor.Shape.values())), pick(Material.objects()).instance(wl, rnd), null, 0,
                        u(0.03, 0.12), rnd.nextLong(), 0, cs * Math.sqrt(ca), cs / Math.sqrt(ca), ct[0], ct[1], scaleCurveMild(), angleCurve(),
                        Actor.LAYER_UNDER));
            }

            // Occluders placed on the target's path, after it has started moving.
            if (plan.contains(Attributes.OCCLUSION)) {
                int no = 1 + (p(0.5 * diff) ? 1 : 0);
                for (int i = 0; i < no; i++) {
                    Actor o = occluder(target, side);
                    if (o != null) actors.add(o);
                }
            }
            actors.sort(Comparator.comparingInt(a -> a.layer));
            int targetIndex = actors.indexOf(target);

            // Illumination drift and moving shadows.
            double[] gain = new double[n], tilt = new double[n];
            boolean illum = plan.contains(Attributes.ILLUMINATION);
            double ga = illum ? u(0.15, 0.15 + 0.3 * diff) : u(0, 0.05), gp = u(40, 160), gph = u(0, 6.3);
            double ta = illum ? u(0.05, 0.2) : 0, tp = u(60, 200);
            for (int t = 0; t < n; t++) {
                gain[t] = 1 + ga * Math.sin(2 * Math.PI * t / gp + gph) - ga * Math.sin(gph);
                tilt[t] = ta * Math.sin(2 * Math.PI * t / tp);
            }
            List<SyntheticSequence.Shadow> shadows = new ArrayList<>();
            if (illum) {
                int ns = 1 + (p(0.5) ? 1 : 0);
                for (int i = 0; i < ns; i++) shadows.add(shadowOver(target));
            }

            // Blur: motion blur on every object, plus defocus episodes.
            boolean blur = plan.contains(Attributes.BLUR);
            int[] defocus = new int[n];
            if (blur && p(0.7)) {
                int episodes = 1 + rnd.nextInt(2);
                for (int e = 0; e < episodes; e++) {
                    int start = rnd.nextInt(Math.max(1, n)), len = 5 + rnd.nextInt(20);
                    int r = 1 + (p(diff) ? 1 : 0);
                    for (int t = Math.max(1, start); t < Math.min(n, start + len); t++) defocus[t] = r;
                }
            }
            double shot = u(2e-5, 2e-4 + 4e-4 * diff), read = u(0.002, 0.004 + 0.008 * diff);

            List<Box> boxes = new ArrayList<>(n);
            for (int t = 0; t < n; t++) boxes.add(boxOf(target, t, camX, camY));
            Set<String> attrs = measure(actors, target, boxes, shadows, ga, blur, defocus, jitter, camo, small, camX, camY);
            return new SyntheticSequence(name, seed, w, h, bands, n, margin, wl, bg, response, gain, tilt, camX, camY,
                    actors, targetIndex, shadows, defocus, blur, shot, read, boxes, attrs, visibility);
        }

        Set<String> drawChallenges() {
            Set<String> c = new HashSet<>();
            double pr = 0.2 + 0.35 * diff;
            for (String a : Attributes.ALL) if (p(pr)) c.add(a);
            // At least two challenges, so no sequence is a free ride.
            while (c.size() < 2) c.add(pick(Attributes.ALL));
            return c;
        }

        float[] background(boolean camo, Material dominant, double[] dominantSpec) {
            int ww = w + 2 * margin, wh = h + 2 * margin;
            int regions = 5 + rnd.nextInt(12);
            double[][] seeds = new double[regions][2];
            double[][] specA = new double[regions][], specB = new double[regions][];
            double[] mixAmt = new double[regions], texAmt = new double[regions];
            List<Material> covers = Material.groundCovers();
            double dominantShare = camo ? 0.8 : u(0.2, 0.6);
            for (int r = 0; r < regions; r++) {
                seeds[r][0] = u(0, ww);
                seeds[r][1] = u(0, wh);
                if (p(dominantShare)) {
                    specA[r] = scaleSpec(dominantSpec, u(0.93, 1.07));
                    specB[r] = camo ? scaleSpec(dominantSpec, u(0.8, 1.0)) : pick(covers).instance(wl, rnd);
                } else {
                    specA[r] = pick(covers).instance(wl, rnd);
                    specB[r] = pick(covers).instance(wl, rnd);
                }
                mixAmt[r] = camo ? u(0.0, 0.4) : u(0, 0.8);
                texAmt[r] = u(0.04, 0.2);
            }
            ValueNoise warp = new ValueNoise(rnd.nextLong()), mixN = new ValueNoise(rnd.nextLong()), tex = new ValueNoise(rnd.nextLong());
            double warpAmp = u(5, 25), mixScale = u(10, 40), texScale = u(3, 10);
            // Man-made structures: a road and a few buildings (not in camouflage scenes).
            boolean road = !camo && p(0.4);
            double roadA = u(0, Math.PI), roadC = u(0.2, 0.8), roadW = u(8, 26);
            double[] roadSpec = Material.ASPHALT.instance(wl, rnd);
            int buildings = camo ? 0 : rnd.nextInt(3);
            double[][] bld = new double[buildings][4];
            double[][] bldSpec = new double[buildings][];
            for (int i = 0; i < buildings; i++) {
                bld[i] = new double[] {u(0, ww), u(0, wh), u(15, 60), u(15, 50)};
                bldSpec[i] = pick(List.of(Material.CONCRETE, Material.ASPHALT, Material.RUST, Material.PAINT_WHITE)).instance(wl, rnd);
            }
            float[] out = new float[bands * ww * wh];
            int plane = ww * wh;
            double nx = Math.cos(roadA), ny = Math.sin(roadA);
            for (int y = 0; y < wh; y++) {
                for (int x = 0; x < ww; x++) {
                    double qx = x + warpAmp * warp.fractal(x, y, 40, 3), qy = y + warpAmp * warp.fractal(x + 500, y + 500, 40, 3);
                    int best = 0;
                    double bd = Double.MAX_VALUE;
                    for (int r = 0; r < regions; r++) {
                        double dx = qx - seeds[r][0], dy = qy - seeds[r][1], d = dx * dx + dy * dy;
                        if (d < bd) { bd = d; best = r; }
                    }
                    double m = Math.max(0, Math.min(1, (0.5 + 0.5 * mixN.fractal(x, y, mixScale, 3)) * mixAmt[best]));
                    double bright = 1 + texAmt[best] * tex.fractal(x, y, texScale, 3) * 1.6;
                    double[] a = specA[best], bb = specB[best];
                    double[] override = null;
                    if (road && Math.abs((x - ww * roadC) * nx + (y - wh * roadC) * ny) < roadW / 2) override = roadSpec;
                    for (int i = 0; i < buildings; i++) {
                        if (Math.abs(x - bld[i][0]) < bld[i][2] / 2 && Math.abs(y - bld[i][1]) < bld[i][3] / 2) override = bldSpec[i];
                    }
                    int idx = y * ww + x;
                    for (int b = 0; b < bands; b++) {
                        double v = override != null ? override[b] * (1 + 0.05 * tex.at(x * 0.7, y * 0.7)) : (a[b] * (1 - m) + bb[b] * m) * bright;
                        out[b * plane + idx] = (float) Math.max(0.002, v);
                    }
                }
            }
            return out;
        }

        /** The background spectrum plus an RGB-invisible perturbation in a few bands. */
        double[] camouflage(double[] base, double[] response) {
            double[] spec = scaleSpec(base, u(0.97, 1.03));
            int k = Math.min(bands, 5 + rnd.nextInt(2));
            int[] idx = rnd.ints(0, bands).distinct().limit(k).toArray();
            double lo = wl[0], hi = wl[bands - 1], range = Math.max(1, hi - lo);
            // RGB sensitivities restricted to the chosen bands: rows of a 3 x k matrix.
            double[][] s = new double[3][k];
            for (int c = 0; c < 3; c++) {
                double centre = lo + range * (c + 0.5) / 3, sigma = range / 5;
                for (int j = 0; j < k; j++) s[c][j] = Math.exp(-0.5 * Math.pow((wl[idx[j]] - centre) / sigma, 2)) * response[idx[j]];
            }
            // Orthonormalise the rows (Gram-Schmidt) and project a random vector onto their null space.
            List<double[]> q = new ArrayList<>();
            for (double[] row : s) {
                double[] v = row.clone();
                for (double[] e : q) sub(v, e, dot(v, e));
                double norm = Math.sqrt(dot(v, v));
                if (norm > 1e-9) { for (int j = 0; j < k; j++) v[j] /= norm; q.add(v); }
            }
            double[] d = new double[k];
            for (int j = 0; j < k; j++) d[j] = rnd.nextGaussian();
            for (double[] e : q) sub(d, e, dot(d, e));
            // Scale so the largest relative change is 30-60%, and keep the reflectance positive.
            double amp = u(0.3, 0.6), worst = 0;
            for (int j = 0; j < k; j++) worst = Math.max(worst, Math.abs(d[j]) / spec[idx[j]]);
            double f = worst > 0 ? amp / worst : 0;
            for (int j = 0; j < k; j++) spec[idx[j]] = Math.max(0.004, spec[idx[j]] + f * d[j]);
            return spec;
        }

        /** Centre path in view coordinates, kept inside the camera's frame by bouncing. */
        double[][] trajectory(int[] camX, int[] camY, double half) {
            double[] x = new double[n], y = new double[n];
            boolean fast = plan.contains(Attributes.FAST_MOTION);
            int kind = rnd.nextInt(3); // 0 linear, 1 curved, 2 erratic
            double speed = fast ? u(4, 5 + 5 * diff) : u(0.4, 2.5);
            double heading = u(0, 2 * Math.PI), omega = u(-0.06, 0.06);
            double vx = speed * Math.cos(heading), vy = speed * Math.sin(heading);
            double m = Math.max(2, half * 0.4);
            double cx = u(w * 0.2, w * 0.8), cy = u(h * 0.2, h * 0.8);
            for (int t = 0; t < n; t++) {
                x[t] = cx;
                y[t] = cy;
                switch (kind) {
                    case 1 -> {
                        heading += omega + 0.02 * rnd.nextGaussian();
                        double sp = Math.hypot(vx, vy);
                        vx = sp * Math.cos(heading);
                        vy = sp * Math.sin(heading);
                    }
                    case 2 -> {
                        double sig = fast ? 1.5 : 0.5;
                        vx = 0.88 * vx + sig * rnd.nextGaussian();
                        vy = 0.88 * vy + sig * rnd.nextGaussian();
                        double sp = Math.hypot(vx, vy), cap = fast ? 11 : 3.5;
                        if (sp > cap) { vx *= cap / sp; vy *= cap / sp; }
                        if (fast && p(0.04)) { vx = -vx + rnd.nextGaussian() * 3; vy = -vy + rnd.nextGaussian() * 3; }
                    }
                    default -> { }
                }
                cx += vx;
                cy += vy;
                int tn = Math.min(n - 1, t + 1);
                double fx = cx - camX[tn], fy = cy - camY[tn];
                if (fx < m) { cx += 2 * (m - fx); vx = Math.abs(vx); heading = Math.atan2(vy, vx); }
                if (fx > w - m) { cx -= 2 * (fx - (w - m)); vx = -Math.abs(vx); heading = Math.atan2(vy, vx); }
                if (fy < m) { cy += 2 * (m - fy); vy = Math.abs(vy); heading = Math.atan2(vy, vx); }
                if (fy > h - m) { cy -= 2 * (fy - (h - m)); vy = -Math.abs(vy); heading = Math.atan2(vy, vx); }
            }
            return new double[][] {x, y};
        }

        /** A straight path that passes over the target's position at fraction {@code when} of the sequence. */
        double[][] crossing(Actor target, double when, double speed) {
            int tc = (int) (when * (n - 1));
            double heading = u(0, 2 * Math.PI);
            double vx = speed * Math.cos(heading), vy = speed * Math.sin(heading);
            double ox = target.cx[tc] + u(-3, 3), oy = target.cy[tc] + u(-3, 3);
            double[] x = new double[n], y = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = ox + vx * (t - tc);
                y[t] = oy + vy * (t - tc);
            }
            return new double[][] {x, y};
        }

        double[][] freeTrajectory(double speed) {
            double heading = u(0, 2 * Math.PI);
            double x0 = u(0, w), y0 = u(0, h);
            double[] x = new double[n], y = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = x0 + speed * Math.cos(heading) * t;
                y[t] = y0 + speed * Math.sin(heading) * t;
            }
            return new double[][] {x, y};
        }

        double[] scaleCurve() {
            double[] s = new double[n];
            if (plan.contains(Attributes.SCALE_CHANGE)) {
                double f = p(0.5) ? u(2.0, 2.0 + 0.8 * diff) : 1 / u(2.0, 2.0 + 0.6 * diff);
                boolean oscillate = p(0.4);
                double per = u(n * 0.6, n * 1.2);
                for (int t = 0; t < n; t++) {
                    double x = oscillate ? Math.sin(Math.PI * t / per) : smooth((double) t / Math.max(1, n - 1));
                    s[t] = Math.exp(Math.log(f) * x);
                }
            } else {
                double a = u(0, 0.12), per = u(40, 120);
                for (int t = 0; t < n; t++) s[t] = Math.exp(a * Math.sin(2 * Math.PI * t / per));
            }
            return s;
        }

        double[] scaleCurveMild() {
            double[] s = new double[n];
            double a = u(0, 0.1), per = u(40, 120);
            for (int t = 0; t < n; t++) s[t] = Math.exp(a * Math.sin(2 * Math.PI * t / per));
            return s;
        }

        double[] angleCurve() {
            double[] a = new double[n];
            double a0 = u(-0.5, 0.5);
            double om = plan.contains(Attributes.ROTATION) ? (p(0.5) ? 1 : -1) * u(0.015, 0.02 + 0.04 * diff) : 0;
            double wob = u(0, 0.08), per = u(30, 90);
            for (int t = 0; t < n; t++) a[t] = a0 + om * t + wob * Math.sin(2 * Math.PI * t / per);
            return a;
        }

        /** An occluder on the target's path, or null when none fits without hiding the first frames. */
        Actor occluder(Actor target, double side) {
            double size = side * u(1.5, 1.8 + 0.6 * diff) + 6;
            double ow = size * u(0.9, 1.3), oh = size * u(0.9, 1.3);
            double reach = Math.hypot(ow, oh) / 2;
            // Meet the occluder some frames in, so the first frames show the target clearly. A static
            // occluder (tree, building) when the target travels far enough, else a passing one.
            int start = Math.min(n - 1, Math.max(1, (int) (n * 0.15)));
            double[] x = new double[n], y = new double[n];
            boolean placed = false;
            for (int attempt = 0; attempt < 30 && !placed; attempt++) {
                int c = Math.min(n - 1, start + rnd.nextInt(Math.max(1, (int) (n * 0.7))));
                double speed = attempt < 10 ? 0 : u(1, 3);
                double hd = u(0, 2 * Math.PI);
                for (int t = 0; t < n; t++) {
                    x[t] = target.cx[c] + speed * Math.cos(hd) * (t - c);
                    y[t] = target.cy[c] + speed * Math.sin(hd) * (t - c);
                }
                boolean clear = true;
                for (int t = 0; t <= Math.min(n - 1, 5); t++) {
                    double te = Math.max(target.halfExtent(t)[0], target.halfExtent(t)[1]);
                    if (Math.hypot(target.cx[t] - x[t], target.cy[t] - y[t]) < reach + te + 2) clear = false;
                }
                placed = clear;
            }
            if (!placed) return null;
            boolean canopy = p(0.5);
            Material m = canopy ? pick(List.of(Material.VEGETATION, Material.DARK_FOLIAGE)) : pick(List.of(Material.CONCRETE, Material.ASPHALT, Material.RUST, Material.PAINT_WHITE));
            double[] s = new double[n], a = new double[n];
            java.util.Arrays.fill(s, 1);
            java.util.Arrays.fill(a, u(-0.3, 0.3));
            return new Actor(canopy ? Actor.Shape.ELLIPSE : Actor.Shape.RECT, m.instance(wl, rnd), null, 0, canopy ? 0.3 : 0.05,
                    rnd.nextLong(), canopy ? 0.12 : 0, ow, oh, x, y, s, a, Actor.LAYER_OCCLUDER);
        }

        SyntheticSequence.Shadow shadowOver(Actor target) {
            int ts = (int) (u(0.2, 0.8) * (n - 1));
            double speed = u(0.8, 3), heading = u(0, 2 * Math.PI);
            double vx = speed * Math.cos(heading), vy = speed * Math.sin(heading);
            double rx = u(25, 80), ry = u(25, 80);
            return new SyntheticSequence.Shadow(target.cx[ts] - vx * ts, target.cy[ts] - vy * ts, vx, vy, rx, ry,
                    u(0.35, 0.4 + 0.3 * diff), u(4, 15));
        }

        Box boxOf(Actor a, int t, int[] camX, int[] camY) {
            double[] e = a.halfExtent(t);
            double fx = a.cx[t] - camX[t], fy = a.cy[t] - camY[t];
            double x0 = Math.max(0, fx - e[0]), y0 = Math.max(0, fy - e[1]);
            double x1 = Math.min(w, fx + e[0]), y1 = Math.min(h, fy + e[1]);
            if (x1 - x0 < 1 || y1 - y0 < 1) return new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new Box(round2(x0), round2(y0), round2(x1 - x0), round2(y1 - y0));
        }

        Set<String> measure(List<Actor> actors, Actor target, List<Box> boxes, List<SyntheticSequence.Shadow> shadows, double gainAmp,
                            boolean blur, int[] defocus, double jitter, boolean camo, boolean small, int[] camX, int[] camY) {
            Set<String> a = new TreeSet<>();
            visibility = new double[n];
            if (camo) a.add(Attributes.CAMOUFLAGE);
            if (small) a.add(Attributes.SMALL_TARGET);
            if (jitter >= 1.5) a.add(Attributes.CAMERA_JITTER);
            double[] uv = new double[2];
            double maxOcc = 0, minDist = Double.MAX_VALUE, maxMove = 0, maxShadow = 0, maxRot = 0;
            double area0 = boxes.get(0).area(), minRatio = 1, maxRatio = 1;
            boolean moving = false;
            for (int t = 0; t < n; t++) {
                // Occluded fraction from a 7x7 grid of points inside the target's shape.
                int inside = 0, hidden = 0;
                for (int i = 0; i < 7; i++) {
                    for (int j = 0; j < 7; j++) {
                        double uu = -0.85 + 1.7 * i / 6, vv = -0.85 + 1.7 * j / 6;
                        if (target.radius(uu, vv) >= 1) continue;
                        double c = Math.cos(target.angle[t]), s = Math.sin(target.angle[t]);
                        double px = target.cx[t] + uu * target.halfW(t) * c - vv * target.halfH(t) * s;
                        double py = target.cy[t] + uu * target.halfW(t) * s + vv * target.halfH(t) * c;
                        inside++;
                        for (Actor o : actors) {
                            if (o.layer != Actor.LAYER_OCCLUDER) continue;
                            if (o.coverage(px, py, o.cx[t], o.cy[t], o.scale[t], o.angle[t], uv) > 0.5) { hidden++; break; }
                        }
                    }
                }
                if (inside > 0) maxOcc = Math.max(maxOcc, (double) hidden / inside);
                visibility[t] = inside > 0 ? 1 - (double) hidden / inside : 1;
                double size = Math.sqrt(target.halfW(t) * target.halfH(t)) * 2;
                for (Actor o : actors) {
                    if (o == target || o.spectrum.length != target.spectrum.length || o.layer == Actor.LAYER_OCCLUDER) continue;
                    if (!lookAlike(o, target)) continue;
                    minDist = Math.min(minDist, Math.hypot(o.cx[t] - target.cx[t], o.cy[t] - target.cy[t]) / size);
                }
                if (t > 0) {
                    double mv = Math.hypot(target.cx[t] - camX[t] - target.cx[t - 1] + camX[t - 1], target.cy[t] - camY[t] - target.cy[t - 1] + camY[t - 1]);
                    if (mv >= Math.max(6, 0.5 * size)) maxMove = Math.max(maxMove, mv);
                    if (blur && Math.hypot(target.cx[t] - target.cx[t - 1], target.cy[t] - target.cy[t - 1]) >= 2.5) moving = true;
                }
                for (SyntheticSequence.Shadow s : shadows) maxShadow = Math.max(maxShadow, s.strength(target.cx[t], target.cy[t], t));
                maxRot = Math.max(maxRot, Math.abs(target.angle[t] - target.angle[0]));
                if (boxes.get(t).isValid() && area0 > 0) {
                    double r = Math.sqrt(boxes.get(t).area() / area0);
                    minRatio = Math.min(minRatio, r);
                    maxRatio = Math.max(maxRatio, r);
                }
            }
            if (maxOcc >= 0.5) a.add(Attributes.OCCLUSION);
            if (minDist <= 1.0) a.add(Attributes.DISTRACTOR);
            if (maxMove > 0) a.add(Attributes.FAST_MOTION);
            if (maxShadow > 0.3 || gainAmp >= 0.15) a.add(Attributes.ILLUMINATION);
            if (maxRot >= Math.toRadians(30)) a.add(Attributes.ROTATION);
            if (minRatio < 0.5 || maxRatio > 2) a.add(Attributes.SCALE_CHANGE);
            boolean defocused = false;
            for (int d : defocus) defocused |= d > 0;
            if (defocused || moving) a.add(Attributes.BLUR);
            return a;
        }

        boolean lookAlike(Actor o, Actor target) {
            double num = 0, den = 0;
            for (int b = 0; b < bands; b++) {
                num += Math.abs(o.spectrum[b] - target.spectrum[b]);
                den += target.spectrum[b];
            }
            return num / den < 0.15;
        }

        double[] scaleSpec(double[] s, double f) {
            double[] o = new double[s.length];
            for (int i = 0; i < s.length; i++) o[i] = Math.min(0.95, s[i] * f);
            return o;
        }

        static double smooth(double x) { return x * x * (3 - 2 * x); }
        static double round2(double v) { return Math.round(v * 100) / 100.0; }
        static int clampInt(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
        static double dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
        static void sub(double[] v, double[] e, double k) { for (int i = 0; i < v.length; i++) v[i] -= k * e[i]; }
    }
}
