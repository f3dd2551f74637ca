package io.spectratrack.tracking;

import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;

import java.nio.file.Path;
import java.util.List;

/** {@link SiameseModel} over a loaded BCR-Net SavedModel; closing it closes the model if it owns it. */
public final class BcrNetSiameseModel implements SiameseModel, AutoCloseable {
    private final BcrNetModel model;
    private final boolean owned;

    public BcrNetSiameseModel(BcrNetModel model) {
        this(model, false);
    }

    private BcrNetSiameseModel(BcrNetModel model, boolean owned) {
        this.model = model;
        this.owned = owned;
    }

    /** Loads the SavedModel in {@code dir}; the returned adapter owns and closes it. */
    public static BcrNetSiameseModel load(Path dir, DeviceConfig device) {
        return new BcrNetSiameseModel(BcrNetModel.load(dir, device), true);
    }

    @Override public ModelMetadata metadata() { return model.metadata(); }
    @Override public List<TemplateEmbedding> template(List<float[]> crops) { return model.template(crops); }
    @Override public List<TrackOutput> track(List<TemplateEmbedding> t, List<float[]> crops) { return model.track(t, crops); }

    public BcrNetModel model() { return model; }

    @Override
    public void close() {
        if (owned) model.close();
    }
}
