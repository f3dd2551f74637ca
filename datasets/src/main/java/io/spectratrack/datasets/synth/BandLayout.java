package io.spectratrack.datasets.synth;

/**
 * Centre wavelengths of the simulated snapshot-mosaic cameras, indexed by band (mosaic position).
 * 16 bands: the HOT2020 VIS camera range 470-620 nm; 25 bands: the NIR camera, 665-960 nm;
 * 15 bands: RedNIR, 600-875 nm; any other count spreads evenly over 450-950 nm.
 */
public final class BandLayout {
    private BandLayout() {}

    public static double[] wavelengthsNm(int bands) {
        return switch (bands) {
            case 16 -> linspace(470, 620, 16);
            case 25 -> linspace(665, 960, 25);
            case 15 -> linspace(600, 875, 15);
            default -> linspace(450, 950, bands);
        };
    }

    static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = n == 1 ? a : a + (b - a) * i / (n - 1);
        return out;
    }
}
