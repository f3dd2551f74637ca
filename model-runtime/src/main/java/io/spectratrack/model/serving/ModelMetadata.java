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
 * @param minContextSide smallest template context side in frame pixels the model was trained with
 *                     ({@code s_z = max(minContextSide, sqrt((w+p)(h+p)))}): for small targets the crops
 *                     then cover more of the frame, so the score map still reaches a target that moves
 *                     further than its own size between frames. 0 = plain SiamFC context (exports
 *                     made before this field)
 * @param trained      false for an export with random weights (its metadata's {@code weights} is
 *                     {@code random-init ...}): its scores and boxes carry no information, and the
 *                     tracker must not follow them. True for trained exports and exports that do not say
 */
public record ModelMetadata(String modelId, String variant, int bands, int templateSize, int searchSize,
                            int stride, int scoreSize, int groups, double minContextSide, boolean trained) {

    /** What an export's {@code weights} metadata says when it was not trained (BcrNetExporter). */
    public static final String RANDOM_WEIGHTS_PREFIX = "random-init";

    /** Whether an export whose metadata's {@code weights} field reads {@code weightsField} was trained (absent counts as trained). */
    public static boolean trainedWeights(String weightsField) {
        return weightsField == null || !weightsField.startsWith(RANDOM_WEIGHTS_PREFIX);
    }

    /** SiamFC's context amount {@code a}: {@code p = a (w + h)} with a = 1/2, used in training and by default when tracking. */
    public static final double SIAMFC_CONTEXT = 0.5;

    public ModelMetadata {
        if (!(minContextSide >= 0)) throw new IllegalArgumentException("minContextSide must be >= 0, got " + minContextSide);
    }

    /** A trained model. */
    public ModelMetadata(String modelId, String variant, int bands, int templateSize, int searchSize, int stride, int scoreSize,
                         int groups, double minContextSide) {
        this(modelId, variant, bands, templateSize, searchSize, stride, scoreSize, groups, minContextSide, true);
    }

    /** A trained model with the plain SiamFC context (no floor). */
    public ModelMetadata(String modelId, String variant, int bands, int templateSize, int searchSize, int stride, int scoreSize,
                         int groups) {
        this(modelId, variant, bands, templateSize, searchSize, stride, scoreSize, groups, 0);
    }

    /**
     * Template context side in frame pixels for a {@code w x h} box: SiamFC's
     * {@code sqrt((w + a(w+h)) (h + a(w+h)))} with context amount {@code a}, at least {@link #minContextSide}.
     * The trainer and the tracker both size their crops with this, so they agree by construction.
     */
    public double contextSide(double w, double h, double contextAmount) {
        double p = contextAmount * (w + h);
        return Math.max(minContextSide, Math.sqrt((w + p) * (h + p)));
    }

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
