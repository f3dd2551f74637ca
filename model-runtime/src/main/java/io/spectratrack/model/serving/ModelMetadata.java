package io.spectratrack.model.serving;

/**
 * What a SavedModel says about itself, so no caller hard-codes a size.
 *
 * <p><b>Score-map geometry (SiamBAN convention).</b> The {@code cls}/{@code reg} maps are
 * {@code scoreSize x scoreSize}, row-major {@code index = y * scoreSize + x}. Cell {@code (x, y)}
 * corresponds to the search-crop point
 * <pre>
 *   px = searchSize / 2.0 + (x - scoreSize / 2) * stride      (scoreSize / 2 is integer division)
 *   py = searchSize / 2.0 + (y - scoreSize / 2) * stride
 * </pre>
 * in continuous crop-pixel coordinates (pixel {@code i} covers {@code [i, i+1)}, so the crop centre
 * is {@code searchSize / 2.0}). The regression outputs {@code l, t, r, b} are distances in search-crop
 * pixels from that point to the box edges: the box is {@code [px - l, py - t, px + r, py + b]}.
 * Training labels use exactly this mapping, see {@link #cellCentre(int)}.
 *
 * @param modelId   unique id of this export (variant, bands, training run / weights)
 * @param variant   "lite" or "paper"
 * @param bands     spectral bands every crop must have
 * @param templateSize template crop side in pixels (HWC crops of templateSize^2 * bands floats)
 * @param searchSize   search crop side in pixels
 * @param stride       score-map stride in search-crop pixels
 * @param scoreSize    score-map side
 * @param groups       K, the number of three-band false-colour branches
 */
public record ModelMetadata(String modelId, String variant, int bands, int templateSize, int searchSize,
                            int stride, int scoreSize, int groups) {

    /** Crop-pixel coordinates {x, y} of score-map cell {@code index = y * scoreSize + x}. */
    public double[] cellCentre(int index) {
        if (index < 0 || index >= scoreSize * scoreSize) {
            throw new IllegalArgumentException("cell index " + index + " outside a " + scoreSize + "x" + scoreSize + " map");
        }
        int x = index % scoreSize;
        int y = index / scoreSize;
        return new double[] {searchSize / 2.0 + (x - scoreSize / 2) * stride, searchSize / 2.0 + (y - scoreSize / 2) * stride};
    }

    /** Floats in one template crop ({@code templateSize * templateSize * bands}, HWC). */
    public int templateCropLength() {
        return templateSize * templateSize * bands;
    }

    /** Floats in one search crop ({@code searchSize * searchSize * bands}, HWC). */
    public int searchCropLength() {
        return searchSize * searchSize * bands;
    }
}
