package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.TemplateEmbedding;

/**
 * The whole state of one tracked target between frames, as an immutable value with plain fields
 * so the Flink job can map it one-to-one onto its Avro {@code TargetState} (templateFeatures,
 * featureShape, templateImportance, bandOrder, centreX/Y, width/height, lastScore, status,
 * lostCount, lastFrameIndex, modelId).
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
 */
public record TargetTrack(String targetId, TemplateEmbedding template, double centreX, double centreY, double width,
                          double height, float lastScore, TrackStatus status, int lostCount, long lastFrameIndex,
                          String modelId) {

    public Box box() {
        return Box.ofCentre(centreX, centreY, width, height);
    }

    TargetTrack next(double cx, double cy, double w, double h, float score, TrackStatus st, long frameIndex) {
        int lost = st == TrackStatus.LOST ? lostCount + 1 : 0;
        return new TargetTrack(targetId, template, cx, cy, w, h, score, st, lost, frameIndex, modelId);
    }
}
