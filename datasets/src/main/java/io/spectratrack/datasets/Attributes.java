package io.spectratrack.datasets;

import java.util.List;

/**
 * The challenge attributes a sequence may carry, one home for their spelling. The evaluation
 * harness breaks results down by these names; HOT-format folders list them in {@code attributes.txt}
 * (any names are accepted there, these are the ones the synthetic generator records).
 */
public final class Attributes {
    /** The target is fully or mostly (more than half) hidden for at least one frame. */
    public static final String OCCLUSION = "occlusion";
    /** The target's false-colour (RGB) rendering matches its surroundings; only some bands differ. */
    public static final String CAMOUFLAGE = "camouflage";
    /** The target moves more than its own half size or 8 px between two frames. */
    public static final String FAST_MOTION = "fast_motion";
    /** The box area changes by more than a factor 2 over the sequence. */
    public static final String SCALE_CHANGE = "scale_change";
    /** Illumination drifts or a shadow sweeps over the target. */
    public static final String ILLUMINATION = "illumination";
    /** Motion blur of the target or the camera. */
    public static final String BLUR = "blur";
    /** A look-alike object (same material) comes close to or crosses the target. */
    public static final String DISTRACTOR = "distractor";
    /** The target rotates in the image plane by more than 30 degrees. */
    public static final String ROTATION = "rotation";
    /** The target is small (initial box area below 16x16 px). */
    public static final String SMALL_TARGET = "small_target";
    /** The camera shakes (per-frame jitter of several pixels). */
    public static final String CAMERA_JITTER = "camera_jitter";

    public static final List<String> ALL = List.of(OCCLUSION, CAMOUFLAGE, FAST_MOTION, SCALE_CHANGE,
            ILLUMINATION, BLUR, DISTRACTOR, ROTATION, SMALL_TARGET, CAMERA_JITTER);

    private Attributes() {}
}
