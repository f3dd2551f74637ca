package io.spectratrack.model.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * A loaded BCR-Net SavedModel behind plain Java arrays: no TensorFlow type reaches callers.
 *
 * <p>Thread-safe: {@code Session.run} is re-entrant, and a read/write lock keeps {@link #close()}
 * from freeing the session under a running call (use after free kills the JVM). Every Tensor and
 * Result is closed in try-with-resources after its data has been copied out.
 *
 * <p>Crops are HWC float arrays already normalised with {@link CropNormalizer}.
 */
public final class BcrNetModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BcrNetModel.class);

    private final SavedModelBundle bundle;
    private final Session session;
    private final ModelMetadata meta;
    private final int[] featureShape;
    private final int featureLength;
    private final String device;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private BcrNetModel(SavedModelBundle bundle, ModelMetadata meta, int[] featureShape, String device) {
        this.bundle = bundle;
        this.session = bundle.session();
        this.meta = meta;
        this.featureShape = featureShape;
        int n = 1;
        for (int d : featureShape) {
            n *= d;
        }
        this.featureLength = n;
        this.device = device;
    }

    /** Loads any BCR-Net variant. */
    public static BcrNetModel load(Path savedModelDir, DeviceConfig device) {
        return load(savedModelDir, device, null);
    }

    /**
     * Loads a BCR-Net SavedModel; {@code expectedVariant} (nullable) rejects other variants.
     *
     * @throws ModelLoadException on a missing directory, a directory that is not a BCR-Net SavedModel,
     *                            another variant, or an unusable device
     */
    public static BcrNetModel load(Path savedModelDir, DeviceConfig device, String expectedVariant) {
        if (savedModelDir == null || !Files.isDirectory(savedModelDir)) {
            throw new ModelLoadException("model directory " + savedModelDir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(savedModelDir.resolve("saved_model.pb"))) {
            throw new ModelLoadException(savedModelDir + " is not a SavedModel (no saved_model.pb)");
        }
        Path metaFile = savedModelDir.resolve(BcrNetExporter.METADATA_FILE);
        JsonNode json = null;
        if (Files.isRegularFile(metaFile)) {
            json = parse(metaFile);
        }
        DeviceProbe.Resolved dev = DeviceProbe.resolve(device == null ? DeviceConfig.cpu() : device);
        long t0 = System.nanoTime();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(savedModelDir.toString()).withTags("serve").withConfigProto(dev.config()).load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot load SavedModel " + savedModelDir + ": " + e.getMessage(), e);
        }
        try {
            if (bundle.graph().operation(BcrNetGraph.TRACK_CLS) == null || bundle.graph().operation(BcrNetGraph.TEMPLATE_FEATURES) == null) {
                throw new ModelLoadException(savedModelDir + " is a SavedModel but not a BCR-Net export (no template/track outputs)");
            }
            if (json == null) {
                json = readMetadataOp(bundle.session());
            }
            ModelMetadata meta = new ModelMetadata(json.path("modelId").asText("unknown"), json.path("variant").asText(),
                    json.path("bands").asInt(), json.path("templateSize").asInt(), json.path("searchSize").asInt(),
                    json.path("stride").asInt(), json.path("scoreSize").asInt(), json.path("groups").asInt(),
                    json.path("minContextSide").asDouble(0),
                    ModelMetadata.trainedWeights(json.path("weights").asText("")));
            if (expectedVariant != null && !expectedVariant.equals(meta.variant())) {
                throw new ModelLoadException(savedModelDir + " holds variant '" + meta.variant() + "', expected '" + expectedVariant + "'");
            }
            int h = json.path("templateFeatureSize").asInt();
            int[] fs = {meta.groups(), json.path("levels").asInt(), h, h, json.path("featureChannels").asInt()};
            LOG.info("loaded BCR-Net {} ({} bands, {}x{} -> {}x{} maps, K={}) from {} on {} [{}] in {} ms", meta.modelId(), meta.bands(),
                    meta.searchSize(), meta.searchSize(), meta.scoreSize(), meta.scoreSize(), meta.groups(), savedModelDir,
                    dev.device(), dev.note(), (System.nanoTime() - t0) / 1_000_000);
            return new BcrNetModel(bundle, meta, fs, dev.device());
        } catch (RuntimeException e) {
            bundle.close();
            throw e instanceof ModelLoadException m ? m : new ModelLoadException("cannot read BCR-Net metadata of " + savedModelDir + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Path metaFile) {
        try {
            return new ObjectMapper().readTree(Files.readString(metaFile));
        } catch (IOException e) {
            throw new ModelLoadException("unreadable model metadata " + metaFile + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readMetadataOp(Session s) {
        try (Result r = s.runner().fetch(BcrNetGraph.METADATA).run()) {
            TString t = (TString) r.get(0);
            String text = new String(t.asBytes().getObject(), StandardCharsets.UTF_8);
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new ModelLoadException("metadata op unreadable: " + e.getMessage(), e);
        }
    }

    public ModelMetadata metadata() {
        return meta;
    }

    /**
     * Every weight of the network by name, as the SavedModel holds it (its variables carry the
     * training graph's weight names), so a shipped model can start a training run
     * ({@code train --init-from DIR}) without the weights.bin it was exported from.
     */
    public Map<String, float[]> weights() {
        lock.readLock().lock();
        try {
            ensureOpen();
            Map<String, float[]> out = new TreeMap<>();
            Iterator<GraphOperation> ops = bundle.graph().operations();
            while (ops.hasNext()) {
                GraphOperation op = ops.next();
                if (!op.type().equals("VariableV2")) continue;
                try (Result r = bundle.session().runner().fetch(op.name()).run()) {
                    if (r.get(0) instanceof TFloat32 t) {
                        float[] v = new float[Math.toIntExact(t.size())];
                        t.asRawTensor().data().asFloats().read(v);
                        out.put(op.name(), v);
                    }
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** "cpu" or "gpu:N": where this model runs. */
    public String device() {
        return device;
    }

    /** Template embeddings for N template crops (each HWC {@code templateSize^2 * bands}). */
    public List<TemplateEmbedding> template(List<float[]> templateCrops) {
        int n = checkBatch(templateCrops, "template crop");
        int len = meta.templateCropLength();
        checkCrops(templateCrops, len, meta.templateSize(), "template");
        lock.readLock().lock();
        try {
            ensureOpen();
            try (TFloat32 crops = batch(templateCrops, len, Shape.of(n, meta.templateSize(), meta.templateSize(), meta.bands()));
                 Result r = session.runner().feed(BcrNetGraph.TEMPLATE_CROPS, crops)
                         .fetch(BcrNetGraph.TEMPLATE_FEATURES).fetch(BcrNetGraph.TEMPLATE_IMPORTANCE).fetch(BcrNetGraph.TEMPLATE_ORDER).run()) {
                float[] feats = floats(r.get(0), n * featureLength);
                float[] imp = floats(r.get(1), n * meta.bands());
                int[] order = new int[n * meta.bands()];
                ((TInt32) r.get(2)).asRawTensor().data().asInts().read(order);
                List<TemplateEmbedding> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(new TemplateEmbedding(slice(feats, i, featureLength), featureShape.clone(),
                            slice(imp, i, meta.bands()), java.util.Arrays.copyOfRange(order, i * meta.bands(), (i + 1) * meta.bands())));
                }
                return out;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Tracks N targets: template i against search crop i (each HWC {@code searchSize^2 * bands}). */
    public List<TrackOutput> track(List<TemplateEmbedding> templates, List<float[]> searchCrops) {
        int n = checkBatch(searchCrops, "search crop");
        if (templates == null || templates.size() != n) {
            throw new IllegalArgumentException("got " + (templates == null ? 0 : templates.size()) + " templates for " + n + " search crops");
        }
        int len = meta.searchCropLength();
        checkCrops(searchCrops, len, meta.searchSize(), "search");
        int b = meta.bands();
        float[] feats = new float[n * featureLength];
        int[] order = new int[n * b];
        for (int i = 0; i < n; i++) {
            TemplateEmbedding t = templates.get(i);
            if (t == null || t.features() == null || t.features().length != featureLength) {
                throw new IllegalArgumentException("template " + i + " has " + (t == null || t.features() == null ? 0 : t.features().length)
                        + " feature values, this model (" + meta.modelId() + ") makes " + featureLength + ": computed by another model?");
            }
            if (t.bandOrder() == null || t.bandOrder().length != b) {
                throw new IllegalArgumentException("template " + i + " band order must have " + b + " entries");
            }
            for (int v : t.bandOrder()) {
                if (v < 0 || v >= b) {
                    throw new IllegalArgumentException("template " + i + " band order has band " + v + " outside [0, " + b + ")");
                }
            }
            System.arraycopy(t.features(), 0, feats, i * featureLength, featureLength);
            System.arraycopy(t.bandOrder(), 0, order, i * b, b);
        }
        int k = meta.groups();
        int ss = meta.scoreSize() * meta.scoreSize();
        lock.readLock().lock();
        try {
            ensureOpen();
            try (TFloat32 f = TFloat32.tensorOf(Shape.of(n, featureShape[0], featureShape[1], featureShape[2], featureShape[3], featureShape[4]));
                 TInt32 o = TInt32.tensorOf(Shape.of(n, b));
                 TFloat32 crops = batch(searchCrops, len, Shape.of(n, meta.searchSize(), meta.searchSize(), b))) {
                f.asRawTensor().data().asFloats().write(feats);
                o.asRawTensor().data().asInts().write(order);
                try (Result r = session.runner().feed(BcrNetGraph.TRACK_TEMPLATE_FEATURES, f).feed(BcrNetGraph.TRACK_BAND_ORDER, o)
                        .feed(BcrNetGraph.SEARCH_CROPS, crops).fetch(BcrNetGraph.TRACK_CLS).fetch(BcrNetGraph.TRACK_REG)
                        .fetch(BcrNetGraph.TRACK_IMPORTANCE).fetch(BcrNetGraph.TRACK_BRANCH_WEIGHTS).run()) {
                    float[] cls = floats(r.get(0), n * k * ss);
                    float[] reg = floats(r.get(1), n * k * 4 * ss);
                    float[] imp = floats(r.get(2), n * b);
                    float[] w = floats(r.get(3), n * k);
                    List<TrackOutput> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        float[][] c = new float[k][];
                        float[][] g = new float[k][];
                        for (int j = 0; j < k; j++) {
                            c[j] = java.util.Arrays.copyOfRange(cls, (i * k + j) * ss, (i * k + j + 1) * ss);
                            g[j] = java.util.Arrays.copyOfRange(reg, (i * k + j) * 4 * ss, (i * k + j + 1) * 4 * ss);
                        }
                        out.add(new TrackOutput(c, g, slice(imp, i, b), slice(w, i, k)));
                    }
                    return out;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private static int checkBatch(List<float[]> crops, String what) {
        if (crops == null || crops.isEmpty()) {
            throw new IllegalArgumentException("no " + what + "s given");
        }
        return crops.size();
    }

    private void checkCrops(List<float[]> crops, int len, int side, String what) {
        for (int i = 0; i < crops.size(); i++) {
            float[] c = crops.get(i);
            if (c == null) {
                throw new IllegalArgumentException(what + " crop " + i + " is null");
            }
            if (c.length != len) {
                String hint = c.length % (side * side) == 0
                        ? " (" + c.length / (side * side) + " bands; this model wants " + meta.bands() + ")"
                        : " (wrong crop size? this model wants " + side + "x" + side + "x" + meta.bands() + " HWC)";
                throw new IllegalArgumentException(what + " crop " + i + " has " + c.length + " floats, expected " + len + hint);
            }
            for (int j = 0; j < c.length; j++) {
                if (!Float.isFinite(c[j])) {
                    throw new IllegalArgumentException(what + " crop " + i + " holds a non-finite value (" + c[j] + ") at index " + j);
                }
            }
        }
    }

    private static TFloat32 batch(List<float[]> crops, int len, Shape shape) {
        TFloat32 t = TFloat32.tensorOf(shape);
        float[] all = new float[crops.size() * len];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, all, i * len, len);
        }
        t.asRawTensor().data().asFloats().write(all);
        return t;
    }

    private static float[] floats(org.tensorflow.Tensor t, int expected) {
        float[] v = new float[expected];
        if (t.shape().size() != expected) {
            throw new IllegalStateException("model output " + t.shape() + " does not hold " + expected + " values");
        }
        ((TFloat32) t).asRawTensor().data().asFloats().read(v);
        return v;
    }

    private static float[] slice(float[] all, int i, int len) {
        return java.util.Arrays.copyOfRange(all, i * len, (i + 1) * len);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model " + meta.modelId() + " is closed");
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
