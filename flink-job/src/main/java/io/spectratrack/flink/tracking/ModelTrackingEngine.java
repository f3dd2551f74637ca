package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelHost;
import io.spectratrack.geometry.Box;
import io.spectratrack.tracking.FusionMode;
import io.spectratrack.tracking.SiameseTracker;
import io.spectratrack.tracking.TargetTrack;
import io.spectratrack.tracking.TrackStep;
import io.spectratrack.tracking.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The production engine: the tracking module's {@link SiameseTracker} (the offline tracker, with
 * the same {@link TrackerConfig}) over the JVM's shared, batching {@link ModelHost}. The job's boxes
 * are therefore the offline tracker's boxes on the same frames.
 */
public class ModelTrackingEngine implements TrackingEngine {
    private static final long serialVersionUID = 1L;

    private final ModelHost.Spec spec;
    private final FusionMode fusion;
    private final double spectralWeight;
    private final double extentRate;

    public ModelTrackingEngine(ModelHost.Spec spec, FusionMode fusion) {
        this(spec, fusion, TrackerConfig.SPECTRAL_WEIGHT, TrackerConfig.EXTENT_RATE);
    }

    /** With the job's {@code tracker.spectral-weight} and {@code tracker.extent-rate}. */
    public ModelTrackingEngine(ModelHost.Spec spec, FusionMode fusion, double spectralWeight, double extentRate) {
        this.spec = spec;
        this.fusion = fusion;
        this.spectralWeight = spectralWeight;
        this.extentRate = extentRate;
    }

    public static ModelTrackingEngine fromConfig(JobConfig c) {
        FusionMode fusion = FusionMode.valueOf(c.get("tracker.fusion").toUpperCase(Locale.ROOT).replace('-', '_'));
        return new ModelTrackingEngine(new ModelHost.Spec(c.get("model.dir"), c.get("model.device"), c.maxBatch(),
                c.maxWaitMicros()), fusion, c.spectralWeight(), c.extentRate());
    }

    public ModelHost.Spec spec() {
        return spec;
    }

    /**
     * The tracker settings the job uses for a model: the offline {@code eval}'s defaults for the same
     * model ({@link TrackerConfig#forModel}: coarse lite score maps get their own window and size
     * smoothing), so the job's boxes and the offline evaluation's are the same.
     */
    public static TrackerConfig trackerConfig(io.spectratrack.model.serving.ModelMetadata model, FusionMode fusion) {
        return TrackerConfig.forModel(model).withFusion(fusion);
    }

    /**
     * {@link #trackerConfig(io.spectratrack.model.serving.ModelMetadata, FusionMode)} with the job's
     * {@code tracker.spectral-weight} and {@code tracker.extent-rate}.
     */
    public static TrackerConfig trackerConfig(io.spectratrack.model.serving.ModelMetadata model, FusionMode fusion,
                                              double spectralWeight, double extentRate) {
        return trackerConfig(model, fusion).withSpectralWeight(spectralWeight).withExtentRate(extentRate);
    }

    public double spectralWeight() {
        return spectralWeight;
    }

    public double extentRate() {
        return extentRate;
    }

    @Override
    public TargetTracking open() {
        ModelHost host = ModelHost.acquire(spec);
        try {
            SiameseTracker tracker = new SiameseTracker(host, trackerConfig(host.metadata(), fusion, spectralWeight, extentRate));
            return new Open(host, tracker);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static final class Open implements TargetTracking {
        private final ModelHost host;
        private final SiameseTracker tracker;

        Open(ModelHost host, SiameseTracker tracker) {
            this.host = host;
            this.tracker = tracker;
        }

        @Override public org.apache.flink.metrics.Histogram batchSizes() { return host.batchSizes(); }

        @Override
        public List<TargetState> start(SpectralCube frame, long frameIndex, List<TargetSeed> seeds) {
            List<String> ids = new ArrayList<>(seeds.size());
            List<Box> boxes = new ArrayList<>(seeds.size());
            for (TargetSeed s : seeds) {
                ids.add(s.targetId());
                boxes.add(s.box());
            }
            List<TargetState> out = new ArrayList<>(seeds.size());
            for (TargetTrack t : tracker.start(frame, frameIndex, ids, boxes)) out.add(TargetStates.toState(t, 0));
            return out;
        }

        @Override
        public List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets) {
            List<TargetTrack> tracks = new ArrayList<>(targets.size());
            for (TargetState s : targets) tracks.add(TargetStates.toTrack(s));
            List<TrackStep> steps = tracker.step(frame, frameIndex, tracks);
            List<TargetStep> out = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                TrackStep st = steps.get(i);
                out.add(new TargetStep(TargetStates.toState(st.next(), targets.get(i).getLastSeenMs()), st.box(), st.score(),
                        st.status(), st.foundBy(), st.bandImportance(), st.bandOrder(), st.groups(), st.branchWeights()));
            }
            return out;
        }

        @Override
        public void close() {
            host.close();
        }
    }
}
