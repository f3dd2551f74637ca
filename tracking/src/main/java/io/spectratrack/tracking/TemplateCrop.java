package io.spectratrack.tracking;

import io.spectratrack.cube.CubeCrop;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.CropNormalizer;
import io.spectratrack.model.serving.ModelMetadata;

/**
 * The template crop (SiamFC/SiamBAN init): the box plus context
 * {@code s_z = sqrt((w + a(w+h)) (h + a(w+h)))}, at least the model's floor
 * ({@link ModelMetadata#contextSide}), resampled to {@code templateSize}, padded with
 * the frame's per-band mean, then normalised exactly as in training ({@link CropNormalizer}).
 */
public final class TemplateCrop {
    private TemplateCrop() {}

    public static float[] prepare(SpectralCube frame, Box box, float[] padding, ModelMetadata meta, TrackerConfig cfg) {
        double side = meta.contextSide(box.width(), box.height(), cfg.contextAmount());
        float[] crop = CubeCrop.crop(frame, box.centreX(), box.centreY(), side, meta.templateSize(), padding);
        CropNormalizer.normalizeInPlace(crop, frame.bands());
        return crop;
    }
}
