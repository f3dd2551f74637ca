package io.spectratrack.tracking;

/**
 * Every hyperparameter of the online tracker, in one place (SiamBAN procedure, SEE-Net values;
 * design/bcrnet.md "Tracking"). Variants are data: {@link #forBands}, {@link #withFusion}, ...
 *
 * @param contextAmount   context added around the box for the template crop: {@code w_z = w + a (w + h)}
 * @param windowInfluence weight of the cosine (Hanning) window against the penalised score
 * @param penaltyK        strength of the scale/aspect-change penalty {@code exp(-(r_c s_c - 1) k)}
 * @param lr              size smoothing rate; the applied rate is {@code penalty * score * lr}
 * @param trackingScore   fused score at the chosen peak at or above which the status is TRACKING
 * @param lostScore       fused score below which the status is LOST (the box is frozen)
 * @param minSize         smallest box side in frame pixels after clipping
 * @param fusion          branch fusion: importance-weighted (the paper) or uniform
 * @param redetectAfter   after this many consecutive LOST frames, or after an UNCERTAIN frame, also search 8
 *                        neighbouring windows (same scale, half a window apart) and jump to a peak scoring at
 *                        least {@code trackingScore}; 0 disables re-detection
 * @param motionRate      smoothing rate of the target's velocity estimate ({@code v = (1-m) v + m d}, {@code d} the
 *                        last displacement); the search window is centred on the position predicted from it
 *                        ({@link TargetTrack#predictedX()}: scaled by how steady the motion has been), so a
 *                        target that moves further per frame than the score map reaches stays inside it. 0 centres
 *                        the window on the last position (SiamBAN), the default: on validation no rate helped
 *                        reliably (tracking/README.md)
 * @param spectralWeight  weight of the target's spectral signature ({@link SpectralSignature}) against the network's
 *                        fused score: {@code p' = (1 - b) p + b m}, {@code b = spectralWeight * trust}, {@code m} the
 *                        signature's response for a target-sized box at each cell; 0 uses the network alone
 * @param extentRate      rate at which the box (size and centre) moves towards the target's extent as the spectral
 *                        signature sees it ({@link SpectralExtent}), scaled by the signature's trust; 0 leaves the box
 *                        to the network
 * @param recallAfter     after this many consecutive frames that did not convince ({@link LastSighting}), also
 *                        search a window at the target's last convincing position and return there if the target
 *                        scores as it used to ({@link #RECALL_MARGIN}); 0 disables the recall window
 */
public record TrackerConfig(double contextAmount, double windowInfluence, double penaltyK, double lr,
                            double trackingScore, double lostScore, double minSize, FusionMode fusion, int redetectAfter,
                            double motionRate, double spectralWeight, double extentRate, int recallAfter) {

    /** VIS (16-band) settings of SEE-Net. */
    public static final double LR_VIS = 0.444;
    /** NIR (25-band) settings of SEE-Net. */
    public static final double LR_NIR = 0.206;

    public TrackerConfig {
        if (!(contextAmount >= 0)) throw new IllegalArgumentException("contextAmount must be >= 0");
        if (!(windowInfluence >= 0 && windowInfluence <= 1)) throw new IllegalArgumentException("windowInfluence must be in [0, 1]");
        if (!(lr >= 0 && lr <= 1)) throw new IllegalArgumentException("lr must be in [0, 1]");
        if (!(lostScore <= trackingScore)) throw new IllegalArgumentException("lostScore must not exceed trackingScore");
        if (fusion == null) throw new IllegalArgumentException("fusion mode is required");
        if (redetectAfter < 0) throw new IllegalArgumentException("redetectAfter must be >= 0");
        if (!(motionRate >= 0 && motionRate <= 1)) throw new IllegalArgumentException("motionRate must be in [0, 1]");
        if (!(spectralWeight >= 0 && spectralWeight <= 1)) throw new IllegalArgumentException("spectralWeight must be in [0, 1]");
        if (!(extentRate >= 0 && extentRate <= 1)) throw new IllegalArgumentException("extentRate must be in [0, 1]");
        if (recallAfter < 0) throw new IllegalArgumentException("recallAfter must be >= 0");
    }

    /** The same without the recall window ({@code recallAfter} 0). */
    public TrackerConfig(double contextAmount, double windowInfluence, double penaltyK, double lr, double trackingScore,
                         double lostScore, double minSize, FusionMode fusion, int redetectAfter, double motionRate,
                         double spectralWeight, double extentRate) {
        this(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, redetectAfter, motionRate,
                spectralWeight, extentRate, 0);
    }

    /** SEE-Net defaults for a camera with {@code bands} bands (NIR learning rate for 25 bands). */
    public static TrackerConfig forBands(int bands) {
        return new TrackerConfig(io.spectratrack.model.serving.ModelMetadata.SIAMFC_CONTEXT, 0.463, 0.085, bands >= 25 ? LR_NIR : LR_VIS, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED,
                REDETECT_AFTER, 0, SPECTRAL_WEIGHT, EXTENT_RATE, RECALL_AFTER);
    }

    /**
     * Weight of the target's spectral signature against the network (validation, 49 sequences:
     * 0 / 0.3 / 0.6 / 0.8 / 1 gave AUC 0.390 / 0.456 / 0.497 / 0.518 / 0.520). 0.8 rather than 1 so
     * the network's evidence still counts where the signature is trusted fully.
     */
    public static final double SPECTRAL_WEIGHT = 0.8;
    /**
     * Re-detection after one LOST frame. It never fired for the network alone (a lost target kept a
     * confident score); with the signature, a target on background scores low, and re-detection
     * added 0.014 AUC on validation (0.518 to 0.532; after 3 frames: 0.522). Searching after an
     * UNCERTAIN frame as well added 0.006 on its own and, with the weaker window, 0.017 (0.579 to
     * 0.596).
     */
    public static final int REDETECT_AFTER = 1;
    /**
     * Rate towards the signature's view of the target's box (size and centre). The lite network's
     * size regression is weak (its sizes drift; LR_COARSE damps them). On validation (49
     * sequences, AUC): 0.547 without; size only at rates 0.15 / 0.3 / 0.6: 0.567 / 0.569 / 0.550 (at
     * 0.6 it follows noise); size and centre at 0.2: 0.579.
     */
    public static final double EXTENT_RATE = 0.2;
    /**
     * Frames without a convincing score before the recall window opens. A target hidden for a
     * while can leave the tracker on something else that scores TRACKING, but lower than the
     * target did; when the target comes back where it was last seen, the recall window finds it.
     * After 1 frame the window also fired after a fast move the tracker had already followed, and
     * pulled it onto a look-alike at the old place (one sequence of seed 8004 lost 0.24 AUC). After
     * 5 frames it was taken 0-3 times per validation set (16-49 sequences), and the sequences
     * that moved by more than 0.01 AUC gained, but one where it was not taken (tracking/README.md,
     * "The recall window").
     */
    public static final int RECALL_AFTER = 5;
    /**
     * How far below its reference score a TRACKING frame may fall and still convince
     * ({@link LastSighting}), and how close to the reference the recall window's peak must come for
     * the tracker to go back. The one value tried: on the diagnosis logs a visible target's score
     * moves by a few hundredths from frame to frame.
     */
    public static final double RECALL_MARGIN = 0.05;
    /** Rate of the reference score's running mean over convincing frames. */
    public static final double REFERENCE_RATE = 0.1;
    /** The recall window is searched only if the last sighting is this many window sides from the target's window (else the window holds it already). */
    public static final double RECALL_MIN_OFFSET = 0.25;

    /**
     * Window influence for coarse score maps (9x9, lite). 0.15 was chosen for the network alone
     * (validation seed 8001). With the spectral signature and extent the map is better at telling
     * the target from its surroundings and needs less of the prior towards the last position: on
     * the 49 validation sequences 0.35 / 0.25 / 0.15 / 0.05 / 0 gave AUC 0.542 / 0.567 / 0.579 /
     * 0.587 / 0.586.
     */
    public static final double WINDOW_INFLUENCE_COARSE = 0.05;
    /** Size learning rate for coarse score maps (lite): damps the size drift of a weak regressor (validation seed 8001). */
    public static final double LR_COARSE = 0.2;
    /** Score maps at most this wide count as coarse (SiamBAN's 0.463 was set for 25x25 maps). */
    public static final int COARSE_SCORE_SIZE = 13;

    /**
     * Defaults for a model: {@link #forBands} for paper-sized score maps; for coarse maps (the lite
     * variant's 9x9) a weaker cosine window and slower size smoothing, tuned on validation data.
     */
    public static TrackerConfig forModel(io.spectratrack.model.serving.ModelMetadata meta) {
        TrackerConfig d = forBands(meta.bands());
        if (meta.scoreSize() > COARSE_SCORE_SIZE) return d;
        return new TrackerConfig(d.contextAmount, WINDOW_INFLUENCE_COARSE, d.penaltyK, Math.min(d.lr, LR_COARSE),
                d.trackingScore, d.lostScore, d.minSize, d.fusion, d.redetectAfter, d.motionRate, d.spectralWeight, d.extentRate, d.recallAfter);
    }

    public TrackerConfig withFusion(FusionMode mode) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, mode, redetectAfter, motionRate, spectralWeight, extentRate, recallAfter);
    }

    public TrackerConfig withRedetectAfter(int lostFrames) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, lostFrames, motionRate, spectralWeight, extentRate, recallAfter);
    }

    public TrackerConfig withThresholds(double tracking, double lost) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, tracking, lost, minSize, fusion, redetectAfter, motionRate, spectralWeight, extentRate, recallAfter);
    }

    public TrackerConfig withSpectralWeight(double weight) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, redetectAfter, motionRate, weight, extentRate, recallAfter);
    }

    public TrackerConfig withExtentRate(double rate) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, redetectAfter, motionRate, spectralWeight, rate, recallAfter);
    }

    public TrackerConfig withRecallAfter(int frames) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, redetectAfter, motionRate, spectralWeight, extentRate, frames);
    }

    public TrackerConfig withMotionRate(double rate) {
        return new TrackerConfig(contextAmount, windowInfluence, penaltyK, lr, trackingScore, lostScore, minSize, fusion, redetectAfter, rate, spectralWeight, extentRate, recallAfter);
    }
}
