package io.spectratrack.tracking;

import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;

import java.util.List;

/**
 * What the tracker needs from a Siamese network: the two signatures of the BCR-Net SavedModel.
 * {@link BcrNetSiameseModel} adapts a loaded {@code BcrNetModel}; the Flink job plugs in its own
 * batching model host; tests plug in hand-made responses. Crops are HWC and already normalised
 * (see {@link TemplateCrop} and {@link SearchCrop}).
 */
public interface SiameseModel {

    ModelMetadata metadata();

    /** One embedding per template crop ({@code templateSize^2 * bands} floats each). */
    List<TemplateEmbedding> template(List<float[]> templateCrops);

    /** One output per (template, search crop) pair ({@code searchSize^2 * bands} floats each). */
    List<TrackOutput> track(List<TemplateEmbedding> templates, List<float[]> searchCrops);
}
