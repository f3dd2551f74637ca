package io.spectratrack.model.training;

import io.spectratrack.model.serving.ModelMetadata;

/**
 * SiamBAN ellipse label assignment (bcrnet.md "Training"). For a target box {@code (cx, cy, w, h)}
 * in search-crop pixels: ellipse E1 has semi-axes {@code w/2, h/2}, E2 {@code w/4, h/4}. Cells whose
 * centre ({@link ModelMetadata#cellCentre}) lies inside E2 are positive (1), outside E1 negative (0),
 * in between ignored (-1). Regression targets at positive cells are {@code (x - x0, y - y0, x1 - x, y1 - y)}.
 */
public final class Labels {

    public static final float POSITIVE = 1f;
    public static final float NEGATIVE = 0f;
    public static final float IGNORE = -1f;

    private Labels() {
    }

    /** Fills {@code cls[S*S]} and {@code reg[S*S*4]} (layout [y][x][c]) for one pair. */
    public static void assign(ModelMetadata m, double cx, double cy, double w, double h, boolean negativePair,
                              float[] cls, int clsOff, float[] reg, int regOff) {
        int s = m.scoreSize();
        for (int i = 0; i < s * s; i++) {
            double[] p = m.cellCentre(i);
            float label = NEGATIVE;
            if (!negativePair) {
                double e1 = sq((p[0] - cx) / (w / 2)) + sq((p[1] - cy) / (h / 2));
                double e2 = sq((p[0] - cx) / (w / 4)) + sq((p[1] - cy) / (h / 4));
                if (e2 <= 1) {
                    label = POSITIVE;
                } else if (e1 <= 1) {
                    label = IGNORE;
                }
            }
            cls[clsOff + i] = label;
            int o = regOff + 4 * i;
            reg[o] = (float) Math.max(1, p[0] - (cx - w / 2));
            reg[o + 1] = (float) Math.max(1, p[1] - (cy - h / 2));
            reg[o + 2] = (float) Math.max(1, (cx + w / 2) - p[0]);
            reg[o + 3] = (float) Math.max(1, (cy + h / 2) - p[1]);
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
