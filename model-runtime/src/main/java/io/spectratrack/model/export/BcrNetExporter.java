package io.spectratrack.model.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.graph.BcrNetGraph;
import io.spectratrack.model.serving.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.ndarray.Shape;

/**
 * Writes a BCR-Net SavedModel (tag {@code serve}) with two signatures sharing one session:
 * {@code template} (template crops -> features, importance, band order) and {@code track}
 * (features, band order, search crops -> per-branch cls/reg maps, importance, branch weights).
 * Metadata goes both into {@value #METADATA_FILE} next to {@code saved_model.pb} and into a string
 * constant op {@value BcrNetGraph#METADATA} in the graph.
 */
public final class BcrNetExporter {

    public static final String METADATA_FILE = "spectratrack-model.json";
    private static final Logger LOG = LoggerFactory.getLogger(BcrNetExporter.class);

    private BcrNetExporter() {
    }

    /**
     * Exports {@code cfg} with {@code weights} (null: deterministic random initialisation from
     * {@code seed}) to {@code out}.
     */
    public static ModelMetadata export(BcrNetConfig cfg, Map<String, float[]> weights, long seed, String modelId, Path out)
            throws IOException {
        return export(cfg, weights, seed, modelId, 0, out);
    }

    /** As above, recording the context floor the weights were trained with ({@link ModelMetadata#minContextSide()}). */
    public static ModelMetadata export(BcrNetConfig cfg, Map<String, float[]> weights, long seed, String modelId,
                                       double minContextSide, Path out)
            throws IOException {
        boolean nonEmpty = false;
        if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                nonEmpty = entries.findAny().isPresent();
            }
        }
        if (nonEmpty) {
            if (!Files.exists(out.resolve("saved_model.pb"))) {
                throw new IOException(out + " exists, is not empty and is not a SavedModel: refusing to overwrite");
            }
            ScratchDirectory.deleteTree(out);
        }
        ModelMetadata meta = new ModelMetadata(modelId, cfg.variant(), cfg.bands(), cfg.templateSize(), cfg.searchSize(),
                cfg.stride(), cfg.scoreSize(), cfg.groups(), minContextSide);
        String json = metadataJson(cfg, meta, weights == null ? ModelMetadata.RANDOM_WEIGHTS_PREFIX + " seed " + seed : "trained");
        long t0 = System.nanoTime();
        try (Graph g = new Graph()) {
            BcrNetGraph net = new BcrNetGraph(g, cfg);
            Ops tf = net.tf();
            Placeholder<TFloat32> tcrops = net.cropPlaceholder(BcrNetGraph.TEMPLATE_CROPS, cfg.templateSize());
            BcrNetGraph.TemplateOut t = net.template(tcrops);
            int[] fs = net.featureShape();
            Placeholder<TFloat32> feats = tf.withName(BcrNetGraph.TRACK_TEMPLATE_FEATURES).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, fs[0], fs[1], fs[2], fs[3], fs[4])));
            Placeholder<TInt32> order = tf.withName(BcrNetGraph.TRACK_BAND_ORDER).placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(-1, cfg.bands())));
            Placeholder<TFloat32> scrops = net.cropPlaceholder(BcrNetGraph.SEARCH_CROPS, cfg.searchSize());
            BcrNetGraph.TrackOut k = net.track(feats, order, scrops);

            Signature template = Signature.builder("template")
                    .input("crops", tcrops)
                    .output("features", tf.withName(BcrNetGraph.TEMPLATE_FEATURES).identity(t.features()))
                    .output("importance", tf.withName(BcrNetGraph.TEMPLATE_IMPORTANCE).identity(t.importance()))
                    .output("band_order", tf.withName(BcrNetGraph.TEMPLATE_ORDER).identity(t.order()))
                    .output("band_matrix", tf.withName(BcrNetGraph.TEMPLATE_BAND_MATRIX).identity(t.bandMatrix()))
                    .output("reconstruction", tf.withName(BcrNetGraph.TEMPLATE_RECONSTRUCTION).identity(t.reconstruction()))
                    .build();
            Signature track = Signature.builder("track")
                    .input("template_features", feats)
                    .input("band_order", order)
                    .input("search_crops", scrops)
                    .output("cls", tf.withName(BcrNetGraph.TRACK_CLS).identity(k.cls()))
                    .output("reg", tf.withName(BcrNetGraph.TRACK_REG).identity(k.reg()))
                    .output("importance", tf.withName(BcrNetGraph.TRACK_IMPORTANCE).identity(k.importance()))
                    .output("branch_weights", tf.withName(BcrNetGraph.TRACK_BRANCH_WEIGHTS).identity(k.branchWeights()))
                    .output("band_matrix", tf.withName(BcrNetGraph.TRACK_BAND_MATRIX).identity(k.bandMatrix()))
                    .output("reconstruction", tf.withName(BcrNetGraph.TRACK_RECONSTRUCTION).identity(k.reconstruction()))
                    .output("metadata", tf.withName(BcrNetGraph.METADATA).constant(json))
                    .build();
            try (Session s = new Session(g)) {
                Map<String, float[]> values = weights != null ? weights : net.params().initialValues(seed);
                net.params().assign(s, values);
                SavedModelBundle.exporter(out.toString()).withTags("serve").withSession(s)
                        .withSignatures(template, track).export();
            }
            LOG.info("exported {} ({} parameters) to {} in {} ms", modelId, net.params().parameterCount(), out,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        Files.writeString(out.resolve(METADATA_FILE), json);
        return meta;
    }

    static String metadataJson(BcrNetConfig cfg, ModelMetadata meta, String weightsSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelId", meta.modelId());
        m.put("variant", meta.variant());
        m.put("bands", meta.bands());
        m.put("templateSize", meta.templateSize());
        m.put("searchSize", meta.searchSize());
        m.put("stride", meta.stride());
        m.put("scoreSize", meta.scoreSize());
        m.put("groups", meta.groups());
        m.put("minContextSide", meta.minContextSide());
        m.put("levels", cfg.levels());
        m.put("templateFeatureSize", cfg.templateFeatureSize());
        m.put("featureChannels", cfg.adjustChannels());
        m.put("graphVersion", BcrNetConfig.GRAPH_VERSION);
        m.put("weights", weightsSource);
        m.put("exportedAt", Instant.now().toString());
        m.put("cellCentre", "x = searchSize/2 + (j - scoreSize/2) * stride (integer scoreSize/2); same for y");
        m.put("normalisation", "CropNormalizer: per-band mean removed, divided by the crop's overall std");
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
