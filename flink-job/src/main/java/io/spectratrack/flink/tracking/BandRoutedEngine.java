package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.metrics.Histogram;

/**
 * One job for cameras of several band counts (VIS 16-band and NIR 25-band cameras watch the same
 * scenes): a {@link TrackingEngine} per band count, each frame tracked by the one for its
 * {@link SpectralCube#bands()}. Every engine is opened with the subtask, so a model that cannot load
 * fails the job at its start, not at the first frame of a rarer camera. The models themselves are
 * shared per TaskManager ({@code ModelHost}), whatever the number of slots.
 */
public final class BandRoutedEngine implements TrackingEngine {
    private static final long serialVersionUID = 1L;

    /** Band count to engine; key 0 takes frames of any band count. */
    private final TreeMap<Integer, TrackingEngine> engines;

    public BandRoutedEngine(Map<Integer, ? extends TrackingEngine> engines) {
        if (engines.isEmpty()) throw new IllegalArgumentException("no engines");
        this.engines = new TreeMap<>(engines);
    }

    /**
     * The job's engine for its settings: the model {@code model.dir} names, or, when it is empty,
     * the shipped model of each band count ({@link ModelFiles#byBands}).
     */
    public static TrackingEngine fromConfig(JobConfig c) {
        SortedMap<Integer, String> models = ModelFiles.byBands(c.get("model.dir"));
        if (models.size() == 1) return ModelTrackingEngine.fromConfig(c.with("model.dir", models.get(models.firstKey())));
        Map<Integer, TrackingEngine> engines = new TreeMap<>();
        models.forEach((bands, dir) -> engines.put(bands, ModelTrackingEngine.fromConfig(c.with("model.dir", dir))));
        return new BandRoutedEngine(engines);
    }

    /** The band counts this job's frames may have (empty: any), for the frame decoder. */
    public static List<Integer> acceptedBands(JobConfig c) {
        List<Integer> bands = new ArrayList<>(ModelFiles.byBands(c.get("model.dir")).keySet());
        return bands.contains(0) ? List.of() : bands;
    }

    @Override
    public TargetTracking open() {
        TreeMap<Integer, TargetTracking> open = new TreeMap<>();
        try {
            engines.forEach((bands, engine) -> open.put(bands, engine.open()));
        } catch (RuntimeException e) {
            open.values().forEach(TargetTracking::close);
            throw e;
        }
        return new Routed(open);
    }

    private static final class Routed implements TargetTracking {
        private final TreeMap<Integer, TargetTracking> byBands;

        Routed(TreeMap<Integer, TargetTracking> byBands) {
            this.byBands = byBands;
        }

        private TargetTracking forFrame(SpectralCube frame) {
            TargetTracking t = byBands.getOrDefault(frame.bands(), byBands.get(0));
            if (t == null) {
                // The frame decoder lets only these band counts through: reaching here is a wiring bug.
                throw new IllegalArgumentException(frame.bands() + "-band frame, but this job tracks " + byBands.keySet() + " bands");
            }
            return t;
        }

        @Override
        public List<TargetState> start(SpectralCube frame, long frameIndex, List<TargetSeed> seeds) {
            return forFrame(frame).start(frame, frameIndex, seeds);
        }

        @Override
        public List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets) {
            return forFrame(frame).step(frame, frameIndex, targets);
        }

        @Override
        public Map<Integer, Histogram> batchSizesByBands() {
            Map<Integer, Histogram> out = new TreeMap<>();
            byBands.forEach((bands, t) -> {
                if (t.batchSizes() != null) out.put(bands, t.batchSizes());
            });
            return Collections.unmodifiableMap(out);
        }

        @Override
        public void close() {
            byBands.values().forEach(TargetTracking::close);
        }
    }
}
