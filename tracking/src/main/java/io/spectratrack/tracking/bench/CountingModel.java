package io.spectratrack.tracking.bench;

import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;
import io.spectratrack.tracking.SiameseModel;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@link SiameseModel} that counts the calls made through it and the batch sizes they had.
 * The batch sizes matter to native memory: the first call of a new size (a target going LOST
 * searches 10 windows instead of 1) raises RSS by several MB that stay (state TensorFlow keeps per
 * input shape), once per size, and that is not a leak.
 */
final class CountingModel implements SiameseModel {
    private final SiameseModel model;
    private final SortedSet<Integer> trackBatches = new TreeSet<>();
    private final SortedSet<Integer> templateBatches = new TreeSet<>();
    private long trackCalls;
    private long templateCalls;

    CountingModel(SiameseModel model) {
        this.model = model;
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public List<TemplateEmbedding> template(List<float[]> crops) {
        templateCalls++;
        templateBatches.add(crops.size());
        return model.template(crops);
    }

    @Override
    public List<TrackOutput> track(List<TemplateEmbedding> templates, List<float[]> crops) {
        trackCalls++;
        trackBatches.add(crops.size());
        return model.track(templates, crops);
    }

    long trackCalls() { return trackCalls; }
    long templateCalls() { return templateCalls; }

    /** Every batch size seen so far, track and template calls apart (each its own graph, own kernels). */
    int batchShapes() {
        return trackBatches.size() + templateBatches.size();
    }

    SortedSet<Integer> trackBatches() {
        return new TreeSet<>(trackBatches);
    }
}
