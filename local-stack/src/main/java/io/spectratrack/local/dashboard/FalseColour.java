package io.spectratrack.local.dashboard;

import io.spectratrack.cube.SpectralCube;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders three bands of a cube as an RGB picture, each channel stretched between its 1st and
 * 99th percentile so that a dim band is still visible.
 */
public final class FalseColour {
    private FalseColour() {}

    /**
     * The bands shown as red, green, blue: the ones nearest 640, 550 and 470 nm when the
     * wavelengths fall in the visible range (a near-true-colour view), otherwise the bands at
     * 85 %, 50 % and 15 % of the range (a classic false-colour view of a NIR camera).
     */
    public static int[] chooseBands(int bands, List<Float> wavelengthsNm) {
        if (wavelengthsNm != null && wavelengthsNm.size() == bands && bands >= 3) {
            double lo = wavelengthsNm.stream().mapToDouble(Float::doubleValue).min().orElse(0);
            double hi = wavelengthsNm.stream().mapToDouble(Float::doubleValue).max().orElse(0);
            if (lo < 520 && hi > 580) {
                return new int[] {nearest(wavelengthsNm, 640), nearest(wavelengthsNm, 550), nearest(wavelengthsNm, 470)};
            }
        }
        return new int[] {(int) Math.round(0.85 * (bands - 1)), (bands - 1) / 2, (int) Math.round(0.15 * (bands - 1))};
    }

    private static int nearest(List<Float> wl, double nm) {
        int best = 0;
        for (int i = 1; i < wl.size(); i++) {
            if (Math.abs(wl.get(i) - nm) < Math.abs(wl.get(best) - nm)) best = i;
        }
        return best;
    }

    public static BufferedImage render(SpectralCube cube, int[] rgbBands) {
        int w = cube.width();
        int h = cube.height();
        int[] rgb = new int[w * h];
        float[] data = cube.data();
        for (int c = 0; c < 3; c++) {
            int off = cube.bandOffset(rgbBands[c]);
            float[] range = stretch(data, off, w * h);
            float lo = range[0];
            float scale = 255f / Math.max(1e-6f, range[1] - range[0]);
            int shift = 16 - 8 * c;
            for (int p = 0; p < w * h; p++) {
                int v = (int) ((data[off + p] - lo) * scale);
                rgb[p] |= (v < 0 ? 0 : v > 255 ? 255 : v) << shift;
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    public static byte[] jpeg(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1st and 99th percentile of one band plane, from a sample of about 4000 pixels. */
    private static float[] stretch(float[] data, int off, int n) {
        int step = Math.max(1, n / 4000);
        float[] s = new float[(n + step - 1) / step];
        int k = 0;
        for (int p = 0; p < n && k < s.length; p += step) s[k++] = data[off + p];
        Arrays.sort(s, 0, k);
        return new float[] {s[(int) (0.01 * (k - 1))], s[(int) (0.99 * (k - 1))]};
    }
}
