package io.spectratrack.tracking;

import io.spectratrack.cube.CubeCrop;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.model.serving.CropNormalizer;
import io.spectratrack.model.serving.ModelMetadata;

/**
 * The search crop around the predicted centre (the previous one when motion prediction is off): side {@code s_x = s_z * searchSize / templateSize},
 * so the target appears at the template's scale; per-band mean padding; training normalisation.
 *
 * @param centreX window centre in frame pixels
 * @param centreY window centre in frame pixels
 * @param side    window side in frame pixels
 * @param size    crop side in crop pixels (the model's searchSize)
 * @param crop    normalised HWC crop
 */
public record SearchCrop(double centreX, double centreY, double side, int size, float[] crop) {

    /** Frame pixels per crop pixel. */
    public double frameScale() {
        return side / size;
    }

    /** Frame coordinates of crop point (px, py). */
    public double[] toFrame(double px, double py) {
        double s = frameScale();
        return new double[] {centreX + (px - size / 2.0) * s, centreY + (py - size / 2.0) * s};
    }

    public static SearchCrop prepare(SpectralCube frame, TargetTrack t, float[] padding, ModelMetadata meta, TrackerConfig cfg) {
        double sz = meta.contextSide(t.width(), t.height(), cfg.contextAmount());
        double side = sz * meta.searchSize() / meta.templateSize();
        // Centred where the target is expected (TrackerConfig.motionRate), kept on the frame.
        double cx = Math.max(0, Math.min(frame.width(), t.predictedX()));
        double cy = Math.max(0, Math.min(frame.height(), t.predictedY()));
        float[] crop = CubeCrop.crop(frame, cx, cy, side, meta.searchSize(), padding);
        CropNormalizer.normalizeInPlace(crop, frame.bands());
        return new SearchCrop(cx, cy, side, meta.searchSize(), crop);
    }
}
