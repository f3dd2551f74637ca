package io.spectratrack.flink.tracking;

import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelHost;

/**
 * The production engine: the offline SiamBAN tracker of the tracking module over the JVM's shared
 * {@link ModelHost}, so the job's boxes are the offline tracker's boxes.
 */
public class ModelTrackingEngine implements TrackingEngine {
    private static final long serialVersionUID = 1L;

    private final ModelHost.Spec spec;

    public ModelTrackingEngine(ModelHost.Spec spec) {
        this.spec = spec;
    }

    public static ModelTrackingEngine fromConfig(JobConfig c) {
        return new ModelTrackingEngine(new ModelHost.Spec(c.get("model.dir"), c.get("model.device"), c.maxBatch(),
                c.maxWaitMicros()));
    }

    public ModelHost.Spec spec() {
        return spec;
    }

    @Override
    public TargetTracking open() {
        throw new UnsupportedOperationException("the tracking module (SiameseTracker) is not wired in yet");
    }
}
