package io.spectratrack.datasets.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A small library of surface reflectance spectra (0..1) as smooth functions of wavelength, shaped
 * after the usual field-spectroscopy curves: vegetation's green peak, chlorophyll well and red edge
 * near 700-730 nm; soils rising towards the infrared; flat dark asphalt; bright concrete; water
 * falling off into the NIR; paints with sharp steps; fabrics; metals. These are plausible shapes,
 * not measured library entries: the point is realistic variety, so every instance in a scene is
 * further randomised ({@link #instance}).
 */
public enum Material {
    VEGETATION(true) { double r(double nm) { return 0.03 + 0.085 * g(nm, 552, 28) - 0.015 * g(nm, 672, 20) + 0.46 * s(nm, 718, 13); } },
    DARK_FOLIAGE(true) { double r(double nm) { return 0.02 + 0.045 * g(nm, 548, 30) + 0.30 * s(nm, 722, 15); } },
    DRY_GRASS(true) { double r(double nm) { return 0.07 + 0.22 * s(nm, 560, 55) + 0.10 * s(nm, 720, 25); } },
    SAND(true) { double r(double nm) { return 0.14 + 0.26 * s(nm, 540, 90); } },
    LOAM(true) { double r(double nm) { return 0.05 + 0.00028 * (nm - 400) + 0.02 * s(nm, 600, 40); } },
    CLAY(true) { double r(double nm) { return 0.08 + 0.20 * s(nm, 585, 28) - 0.03 * g(nm, 900, 40); } },
    ASPHALT(true) { double r(double nm) { return 0.055 + 0.00004 * (nm - 400); } },
    CONCRETE(true) { double r(double nm) { return 0.27 + 0.00010 * (nm - 400) - 0.03 * g(nm, 440, 40); } },
    WATER(true) { double r(double nm) { return 0.012 + 0.065 * Math.exp(-(nm - 450) / 110.0); } },
    PAINT_RED(false) { double r(double nm) { return 0.05 + 0.55 * s(nm, 600, 9); } },
    PAINT_BLUE(false) { double r(double nm) { return 0.05 + 0.32 * g(nm, 465, 35) + 0.42 * s(nm, 770, 25); } },
    PAINT_GREEN(false) { double r(double nm) { return 0.04 + 0.20 * g(nm, 530, 30) + 0.12 * s(nm, 690, 35); } },
    PAINT_YELLOW(false) { double r(double nm) { return 0.07 + 0.62 * s(nm, 515, 12); } },
    PAINT_WHITE(false) { double r(double nm) { return 0.78 + 0.04 * s(nm, 500, 40); } },
    PAINT_BLACK(false) { double r(double nm) { return 0.045 + 0.01 * s(nm, 700, 50); } },
    FABRIC_OLIVE(false) { double r(double nm) { return 0.06 + 0.05 * g(nm, 565, 40) + 0.26 * s(nm, 705, 30); } },
    FABRIC_CAMO(false) { double r(double nm) { return 0.03 + 0.08 * g(nm, 550, 32) + 0.18 * s(nm, 745, 30); } },
    DENIM(false) { double r(double nm) { return 0.06 + 0.12 * g(nm, 475, 40) + 0.36 * s(nm, 725, 40); } },
    ALUMINIUM(false) { double r(double nm) { return 0.55 + 0.04 * Math.sin(nm / 60.0) - 0.06 * g(nm, 830, 40); } },
    RUST(false) { double r(double nm) { return 0.05 + 0.30 * s(nm, 590, 25) - 0.08 * g(nm, 880, 50); } },
    SKIN(false) { double r(double nm) { return 0.20 + 0.26 * s(nm, 585, 22) - 0.05 * g(nm, 545, 14) - 0.05 * g(nm, 577, 10); } };

    /** True for ground covers the background is made of; false for objects (targets, distractors). */
    public final boolean ground;

    Material(boolean ground) {
        this.ground = ground;
    }

    abstract double r(double nm);

    /** Reflectance at {@code nm}, clamped to [0.005, 0.95]. */
    public double reflectance(double nm) {
        return Math.max(0.005, Math.min(0.95, r(nm)));
    }

    /** The nominal spectrum sampled at the band wavelengths. */
    public double[] spectrum(double[] wavelengthsNm) {
        double[] out = new double[wavelengthsNm.length];
        for (int i = 0; i < out.length; i++) out[i] = reflectance(wavelengthsNm[i]);
        return out;
    }

    /**
     * One randomised instance: overall gain 0.75-1.25, a linear tilt over the band range of up to
     * +-20%, and two small Gaussian bumps, so two patches of "vegetation" are never identical.
     */
    public double[] instance(double[] wavelengthsNm, SplittableRandom rnd) {
        double lo = wavelengthsNm[0], hi = wavelengthsNm[wavelengthsNm.length - 1];
        double mid = (lo + hi) / 2, range = Math.max(1, hi - lo);
        double gain = 0.75 + 0.5 * rnd.nextDouble();
        double tilt = (rnd.nextDouble() * 2 - 1) * 0.2;
        double b1 = lo + rnd.nextDouble() * range, a1 = (rnd.nextDouble() * 2 - 1) * 0.06;
        double b2 = lo + rnd.nextDouble() * range, a2 = (rnd.nextDouble() * 2 - 1) * 0.06;
        double w1 = 15 + rnd.nextDouble() * 40, w2 = 15 + rnd.nextDouble() * 40;
        double[] out = new double[wavelengthsNm.length];
        for (int i = 0; i < out.length; i++) {
            double nm = wavelengthsNm[i];
            double v = reflectance(nm) * gain * (1 + tilt * (nm - mid) / range) * (1 + a1 * g(nm, b1, w1) + a2 * g(nm, b2, w2) * 1.0);
            out[i] = Math.max(0.004, Math.min(0.95, v));
        }
        return out;
    }

    public static List<Material> groundCovers() {
        return List.of(values()).stream().filter(m -> m.ground).toList();
    }

    public static List<Material> objects() {
        return List.of(values()).stream().filter(m -> !m.ground).toList();
    }

    static double g(double x, double mu, double sigma) {
        double d = (x - mu) / sigma;
        return Math.exp(-0.5 * d * d);
    }

    static double s(double x, double mu, double width) {
        return 1.0 / (1.0 + Math.exp(-(x - mu) / width));
    }
}
