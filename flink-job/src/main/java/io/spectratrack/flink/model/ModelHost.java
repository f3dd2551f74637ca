package io.spectratrack.flink.model;

import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.ShippedModel;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;
import io.spectratrack.tracking.SiameseModel;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded SavedModel per JVM (per TaskManager), shared by every slot that tracks with it.
 * Each user holds a {@code ModelHost} handle from {@link #acquire}; the model is loaded by the
 * first and closed when the last handle closes (reference counting), so a task restart inside a
 * TaskManager reuses the loaded model and TensorFlow's natives stay loaded once per JVM
 * (tfjava.md).
 *
 * <p>Calls from all slots go through two {@link DynamicBatcher}s (template and track): requests
 * that arrive within {@code maxWait} of each other are run as one model call of up to
 * {@code maxBatch} crops, so a GPU sees full batches. With one user nothing waits.
 */
public final class ModelHost implements SiameseModel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);

    /**
     * What to load and how to batch; the model directory and device identify a shared host. The
     * directory is a SavedModel folder or {@code shipped:NAME} (resolved on the TaskManager
     * itself); an empty {@code model.dir} setting is resolved per band count before a Spec is made
     * ({@code BandRoutedEngine.fromConfig}).
     */
    public record Spec(String modelDir, String device, int maxBatch, long maxWaitMicros) implements Serializable {
        public Spec {
            if (modelDir == null || modelDir.isBlank()) {
                throw new IllegalArgumentException("a model host needs one model: a SavedModel directory or "
                        + ModelFiles.SHIPPED + "NAME, got an empty model.dir");
            }
        }

        String key() {
            String dir = modelDir.startsWith(ModelFiles.SHIPPED) ? modelDir : Path.of(modelDir).toAbsolutePath().normalize().toString();
            return dir + "|" + DeviceConfig.parse(device).device();
        }

        Path path() {
            return modelDir.startsWith(ModelFiles.SHIPPED) ? ModelFiles.shipped(modelDir) : Path.of(modelDir);
        }
    }

    private record TrackItem(TemplateEmbedding template, float[] search) {}

    private static final Map<String, Shared> HOSTS = new HashMap<>();

    private final Shared shared;
    private boolean closed;

    private ModelHost(Shared shared) {
        this.shared = shared;
    }

    /** A handle on the JVM's host for {@code spec}, loading the model if this is the first user. */
    public static ModelHost acquire(Spec spec) {
        synchronized (HOSTS) {
            Shared s = HOSTS.get(spec.key());
            if (s == null) {
                s = new Shared(spec);
                HOSTS.put(spec.key(), s);
            } else if (s.spec.maxBatch() != spec.maxBatch() || s.spec.maxWaitMicros() != spec.maxWaitMicros()) {
                LOG.warn("model host for {} already runs with max batch {} / max wait {} us; ignoring {} / {}",
                        spec.modelDir(), s.spec.maxBatch(), s.spec.maxWaitMicros(), spec.maxBatch(), spec.maxWaitMicros());
            }
            s.users++;
            return new ModelHost(s);
        }
    }

    /** Number of hosts (loaded models) alive in this JVM. */
    public static int liveHosts() {
        synchronized (HOSTS) {
            return HOSTS.size();
        }
    }

    @Override
    public ModelMetadata metadata() {
        return shared.model.metadata();
    }

    /** Users of the underlying model right now (the slots sharing it). */
    public int users() {
        synchronized (HOSTS) {
            return shared.users;
        }
    }

    /** Sizes of the batches sent to the model, for the batch-size metric. */
    public Histogram batchSizes() {
        return shared.batchSizes;
    }

    @Override
    public List<TemplateEmbedding> template(List<float[]> crops) {
        check();
        return shared.templates.call(crops);
    }

    @Override
    public List<TrackOutput> track(List<TemplateEmbedding> templates, List<float[]> searchCrops) {
        check();
        if (templates.size() != searchCrops.size()) {
            throw new IllegalArgumentException(templates.size() + " templates for " + searchCrops.size() + " search crops");
        }
        List<TrackItem> items = new ArrayList<>(templates.size());
        for (int i = 0; i < templates.size(); i++) items.add(new TrackItem(templates.get(i), searchCrops.get(i)));
        return shared.tracks.call(items);
    }

    private void check() {
        if (closed) throw new ModelUnavailableException("model host handle is closed");
    }

    /** Releases this handle; the last release closes the model. Idempotent. */
    @Override
    public void close() {
        boolean last;
        synchronized (HOSTS) {
            if (closed) return;
            closed = true;
            last = --shared.users == 0;
            if (last) HOSTS.remove(shared.spec.key());
        }
        // Outside the lock: the batcher threads read the user count under it while draining.
        if (last) shared.close();
    }

    private static final class Shared {
        final Spec spec;
        final BcrNetModel model;
        final Histogram batchSizes = new DescriptiveStatisticsHistogram(4096);
        final DynamicBatcher<float[], TemplateEmbedding> templates;
        final DynamicBatcher<TrackItem, TrackOutput> tracks;
        int users;

        Shared(Spec spec) {
            this.spec = spec;
            this.model = BcrNetModel.load(spec.path(), DeviceConfig.parse(spec.device()));
            long waitNanos = spec.maxWaitMicros() * 1000;
            this.templates = new DynamicBatcher<>("model-host-template", spec.maxBatch(), waitNanos, model::template,
                    n -> { }, this::currentUsers);
            this.tracks = new DynamicBatcher<>("model-host-track", spec.maxBatch(), waitNanos, items -> {
                List<TemplateEmbedding> t = new ArrayList<>(items.size());
                List<float[]> s = new ArrayList<>(items.size());
                for (TrackItem i : items) {
                    t.add(i.template());
                    s.add(i.search());
                }
                return model.track(t, s);
            }, batchSizes::update, this::currentUsers);
            LOG.info("model host up: {} ({}), max batch {}, max wait {} us", model.metadata().modelId(), spec.modelDir(),
                    spec.maxBatch(), spec.maxWaitMicros());
        }

        int currentUsers() {
            synchronized (HOSTS) {
                return users;
            }
        }

        void close() {
            templates.close();
            tracks.close();
            model.close();
            LOG.info("model host closed: {}", spec.modelDir());
        }
    }
}
