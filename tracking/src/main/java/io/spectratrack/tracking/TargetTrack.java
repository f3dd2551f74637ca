package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.TemplateEmbedding;

/**
 * The whole state of one tracked target between frames, as an immutable value with plain fields
 * so the Flink job can map it one-to-one onto its Avro {@code TargetState} (templateFeatures,
 * featureShape, templateImportance, bandOrder, centreX/Y, width/height, lastScore, status,
 * lostCount, lastFrameIndex, modelId, ...).
 *
 * @param targetId       caller's id of the target
 * @param template       template embedding computed once at start
 * @param centreX        box centre, frame pixels
 * @param centreY        box centre, frame pixels
 * @param width          box width, frame pixels
 * @param height         box height, frame pixels
 * @param lastScore      fused score of the last update (1 at start)
 * @param status         status of the last update
 * @param lostCount      consecutive LOST frames
 * @param lastFrameIndex index of the last frame processed
 * @param modelId        model that made the template (a different model must re-initialise)
 * @param velocityX      smoothed displacement per frame, frame pixels (0 at start; see {@link TrackerConfig#motionRate()})
 * @param velocityY      smoothed displacement per frame, frame pixels
 * @param speed          smoothed length of the displacement per frame (same rate), frame pixels
 * @param spectral       the target's spectral signature, learned at start ({@link SpectralSignature#NONE} if none)
 * @param sighting       where the target was last seen with conviction ({@link LastSighting}; null: here, now)
 */
public record TargetTrack(String targetId, TemplateEmbedding template, double centreX, double centreY, double width,
                          double height, float lastScore, TrackStatus status, int lostCount, long lastFrameIndex,
                          String modelId, double velocityX, double velocityY, double speed,
                          SpectralSignature spectral, LastSighting sighting) {

    public TargetTrack {
        if (spectral == null) spectral = SpectralSignature.NONE;
        if (sighting == null) sighting = LastSighting.at(centreX, centreY);
    }

    /** A target last seen with conviction where it is now. */
    public TargetTrack(String targetId, TemplateEmbedding template, double centreX, double centreY, double width,
                       double height, float lastScore, TrackStatus status, int lostCount, long lastFrameIndex, String modelId,
                       double velocityX, double velocityY, double speed, SpectralSignature spectral) {
        this(targetId, template, centreX, centreY, width, height, lastScore, status, lostCount, lastFrameIndex, modelId,
                velocityX, velocityY, speed, spectral, null);
    }

    /** A target without a spectral signature. */
    public TargetTrack(String targetId, TemplateEmbedding template, double centreX, double centreY, double width,
                       double height, float lastScore, TrackStatus status, int lostCount, long lastFrameIndex, String modelId,
                       double velocityX, double velocityY, double speed) {
        this(targetId, template, centreX, centreY, width, height, lastScore, status, lostCount, lastFrameIndex, modelId,
                velocityX, velocityY, speed, SpectralSignature.NONE);
    }

    /** A target at rest (no velocity estimate yet), as at the start of tracking. */
    public TargetTrack(String targetId, TemplateEmbedding template, double centreX, double centreY, double width,
                       double height, float lastScore, TrackStatus status, int lostCount, long lastFrameIndex, String modelId) {
        this(targetId, template, centreX, centreY, width, height, lastScore, status, lostCount, lastFrameIndex, modelId, 0, 0, 0, SpectralSignature.NONE);
    }

    /**
     * Where the target is expected in the next frame: the last centre moved by the velocity estimate,
     * scaled by how steady the motion has been, {@code (|v| / speed)^2}: 1 when every displacement
     * pointed the same way, small when they cancel out (camera jitter), so a shaking camera does
     * not throw the window around while a steadily moving target is led.
     */
    public double predictedX() {
        return centreX + velocityX * steadiness();
    }

    public double predictedY() {
        return centreY + velocityY * steadiness();
    }

    /** {@code (|v| / speed)^2} in [0, 1]; 0 before any motion. */
    public double steadiness() {
        if (!(speed > 1e-9)) return 0;
        double r = Math.min(1, Math.hypot(velocityX, velocityY) / speed);
        return r * r;
    }

    /** The box the tracker follows: where it searches next, and the size its decisions are relative to. */
    public Box box() {
        return Box.ofCentre(centreX, centreY, width, height);
    }

    /**
     * The box the tracker reports: {@link #box()} scaled about its centre by the signature's box
     * scale ({@link SpectralSignature#boxScaleX()}, weighted by its trust). The tracked box follows
     * the target's material, which is smaller than the bounding box an operator draws; reporting
     * the tracked box alone left boxes 8-12% too small on held-out data (tracking/README.md).
     */
    public Box reportedBox() {
        return Box.ofCentre(centreX, centreY, width * spectral.reportedScaleX(), height * spectral.reportedScaleY());
    }

    /**
     * The state after one frame. The velocity follows the displacement with rate {@code motionRate};
     * while LOST the box does not move, so the estimate only decays (the target may have stopped).
     * The last sighting follows {@link LastSighting#after}.
     */
    TargetTrack next(double cx, double cy, double w, double h, float score, TrackStatus st, long frameIndex, double motionRate) {
        boolean lost = st == TrackStatus.LOST;
        double vx = (1 - motionRate) * velocityX + (lost ? 0 : motionRate * (cx - centreX));
        double vy = (1 - motionRate) * velocityY + (lost ? 0 : motionRate * (cy - centreY));
        double sp = (1 - motionRate) * speed + (lost ? 0 : motionRate * Math.hypot(cx - centreX, cy - centreY));
        return new TargetTrack(targetId, template, cx, cy, w, h, score, st, lost ? lostCount + 1 : 0, frameIndex, modelId, vx, vy, sp, spectral,
                sighting.after(st, score, cx, cy));
    }

    /** The same target with its window moved to {@code (cx, cy)} (re-detection windows). */
    TargetTrack movedTo(double cx, double cy) {
        return new TargetTrack(targetId, template, cx, cy, width, height, lastScore, status, lostCount, lastFrameIndex, modelId,
                velocityX, velocityY, speed, spectral, sighting);
    }
}
