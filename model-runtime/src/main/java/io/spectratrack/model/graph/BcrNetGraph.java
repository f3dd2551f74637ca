package io.spectratrack.model.graph;

import io.spectratrack.model.graph.ParamStore.Init;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Assembles BCR-Net (bcrnet.md) in a TF graph: BIMM -> band ranking and grouping (top-k + gather,
 * in the graph) -> shared backbone (3 levels) -> adjust -> CFRM -> Box-Adaptive head per level
 * -> learnable level fusion -> per-branch maps plus importance-derived branch weights.
 *
 * <p>The template path runs once per target; the track path takes the template's features and band
 * order so the search crop is grouped with the same bands the template was.
 */
public final class BcrNetGraph {

    // One home for every tensor name of the SavedModel contract.
    public static final String TEMPLATE_CROPS = "template_crops";
    public static final String TEMPLATE_FEATURES = "template_features";
    public static final String TEMPLATE_IMPORTANCE = "template_importance";
    public static final String TEMPLATE_ORDER = "template_band_order";
    public static final String TEMPLATE_BAND_MATRIX = "template_band_matrix";
    public static final String TEMPLATE_RECONSTRUCTION = "template_reconstruction";
    public static final String TRACK_TEMPLATE_FEATURES = "track_template_features";
    public static final String TRACK_BAND_ORDER = "track_band_order";
    public static final String SEARCH_CROPS = "search_crops";
    public static final String TRACK_CLS = "track_cls";
    public static final String TRACK_REG = "track_reg";
    public static final String TRACK_IMPORTANCE = "track_importance";
    public static final String TRACK_BRANCH_WEIGHTS = "track_branch_weights";
    public static final String TRACK_BAND_MATRIX = "track_band_matrix";
    public static final String TRACK_RECONSTRUCTION = "track_reconstruction";
    public static final String METADATA = "spectratrack_metadata";

    /** Template path outputs for N crops. features: [N,K,L,h,w,C]. */
    public record TemplateOut(Operand<TFloat32> features, Operand<TFloat32> importance, Operand<TInt32> order,
                              Operand<TFloat32> bandMatrix, Operand<TFloat32> reconstruction) {
    }

    /**
     * Track path outputs. cls [N,K,S,S] logits, reg [N,K,4,S,S] pixels, importance [N,B],
     * branchWeights [N,K]; clsFlat [N*K,S,S] and regFlat [N*K,S,S,4] for the training losses.
     */
    public record TrackOut(Operand<TFloat32> cls, Operand<TFloat32> reg, Operand<TFloat32> importance,
                           Operand<TFloat32> branchWeights, Operand<TFloat32> bandMatrix, Operand<TFloat32> reconstruction,
                           Operand<TFloat32> clsFlat, Operand<TFloat32> regFlat) {
    }

    private final BcrNetConfig cfg;
    private final Ops tf;
    private final Layers l;
    private final ParamStore params;
    private final Bimm bimm;
    private final Backbone backbone;
    private final Cfrm cfrm;
    private final BoxAdaptiveHead head;

    public BcrNetGraph(Graph graph, BcrNetConfig cfg) {
        Gradients.register();
        this.cfg = cfg;
        this.tf = Ops.create(graph);
        this.params = new ParamStore(tf);
        this.l = new Layers(tf, params);
        this.bimm = new Bimm(l, cfg.bimm(), cfg.bands());
        this.backbone = new Backbone(l, cfg.backbone());
        this.cfrm = new Cfrm(l);
        this.head = new BoxAdaptiveHead(l, cfg.headChannels());
    }

    public Ops tf() {
        return tf;
    }

    public ParamStore params() {
        return params;
    }

    public BcrNetConfig config() {
        return cfg;
    }

    public Placeholder<TFloat32> cropPlaceholder(String name, int side) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, cfg.bands())));
    }

    /** Shape of one target's template features: [K, L, h, w, C]. */
    public int[] featureShape() {
        int h = cfg.templateFeatureSize();
        return new int[] {cfg.groups(), cfg.levels(), h, h, cfg.adjustChannels()};
    }

    /** Template path: BIMM on the template crop, rank bands, group, extract and refine features. */
    public TemplateOut template(Operand<TFloat32> crops) {
        Bimm.Output b = bimm.apply(crops);
        // the ranking is discrete: no gradient flows into the order (BIMM learns from reconstruction)
        TopK<TFloat32, TInt32> top = tf.nn.topK(tf.stopGradient(b.importance()), tf.constant(cfg.bands()), TInt32.class);
        Operand<TInt32> order = top.indices();
        List<Operand<TFloat32>> levels = features(groupImages(crops, order));
        int full = cfg.templateBackboneSize();
        int h = cfg.templateFeatureSize();
        int off = (full - h) / 2;
        List<Operand<TFloat32>> cropped = new ArrayList<>();
        for (Operand<TFloat32> f : levels) {
            Operand<TFloat32> c = f;
            if (full != h) {
                c = tf.slice(f, tf.constant(new int[] {0, off, off, 0}), tf.constant(new int[] {-1, h, h, -1}));
            }
            cropped.add(c);
        }
        Operand<TFloat32> stacked = tf.stack(cropped, org.tensorflow.op.core.Stack.axis(1L)); // [N*K,L,h,w,C]
        int[] fs = featureShape();
        Operand<TFloat32> feats = l.reshape(stacked, -1, fs[0], fs[1], fs[2], fs[3], fs[4]);
        return new TemplateOut(feats, b.importance(), order, b.bandMatrix(), b.reconstruction());
    }

    /**
     * Track path. {@code templateFeatures} [N,K,L,h,w,C], {@code order} [N,B] (the template's band
     * order), {@code crops} [N,S,S,B].
     */
    public TrackOut track(Operand<TFloat32> templateFeatures, Operand<TInt32> order, Operand<TFloat32> crops) {
        Bimm.Output b = bimm.apply(crops);
        List<Operand<TFloat32>> search = features(groupImages(crops, order));
        int[] fs = featureShape();
        Operand<TFloat32> tfeat = l.reshape(templateFeatures, -1, fs[1], fs[2], fs[3], fs[4]); // [N*K,L,h,w,C]
        Split<TFloat32> perLevel = tf.split(tf.constant(1), tfeat, (long) cfg.levels());
        List<Operand<TFloat32>> cls = new ArrayList<>();
        List<Operand<TFloat32>> reg = new ArrayList<>();
        for (int i = 0; i < cfg.levels(); i++) {
            Operand<TFloat32> kernel = l.reshape(perLevel.output().get(i), -1, fs[2], fs[3], fs[4]);
            BoxAdaptiveHead.Maps m = head.apply(search.get(i), kernel, "head" + i);
            cls.add(m.cls());
            reg.add(m.reg());
        }
        int s = cfg.scoreSize();
        Operand<TFloat32> clsFused = fuseLevels(cls, "level_alpha");                 // [N*K,S,S,1]
        Operand<TFloat32> regRaw = fuseLevels(reg, "level_beta");                    // [N*K,S,S,4]
        // distances in search-crop pixels: regScale * exp(clip(0.1 x, -4, 4))
        Operand<TFloat32> scaled = tf.math.mul(regRaw, l.scalar(0.1f));
        scaled = tf.math.minimum(tf.math.maximum(scaled, l.scalar(-4f)), l.scalar(4f));
        Operand<TFloat32> regPx = tf.math.mul(tf.math.exp(scaled), l.scalar(cfg.regScale()));
        int k = cfg.groups();
        Operand<TFloat32> clsFlat = l.reshape(clsFused, -1, s, s);
        Operand<TFloat32> clsOut = l.reshape(clsFused, -1, k, s, s);
        Operand<TFloat32> regOut = l.transpose(l.reshape(regPx, -1, k, s, s, 4), 0, 1, 4, 2, 3);
        Operand<TFloat32> weights = branchWeights(b.importance(), order);
        return new TrackOut(clsOut, regOut, b.importance(), weights, b.bandMatrix(), b.reconstruction(), clsFlat, regPx);
    }

    /** Learnable level weights (initialised equal), softmax-normalised. */
    private Operand<TFloat32> fuseLevels(List<Operand<TFloat32>> maps, String name) {
        Operand<TFloat32> a = params.get(name, Init.ONES, 0, 0, maps.size());
        Operand<TFloat32> w = l.reshape(tf.nn.softmax(l.reshape(a, 1, maps.size())), maps.size());
        Operand<TFloat32> sum = null;
        for (int i = 0; i < maps.size(); i++) {
            Operand<TFloat32> wi = tf.slice(w, tf.constant(new int[] {i}), tf.constant(new int[] {1}));
            Operand<TFloat32> term = tf.math.mul(maps.get(i), wi);
            sum = sum == null ? term : tf.math.add(sum, term);
        }
        return sum;
    }

    /** Branch weight = sum of the importances of the branch's 3 bands, normalised over branches. */
    public Operand<TFloat32> branchWeights(Operand<TFloat32> importance, Operand<TInt32> order) {
        int k = cfg.groups();
        int b = cfg.bands();
        Operand<TInt32> sel = tf.slice(order, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 3 * k}));
        Operand<TFloat32> oneHot = tf.oneHot(sel, tf.constant(b), l.scalar(1f), l.scalar(0f));   // [N,3K,B]
        Operand<TFloat32> picked = tf.sum(tf.math.mul(oneHot, l.reshape(importance, -1, 1, b)), l.ints(2)); // [N,3K]
        Operand<TFloat32> perBranch = tf.math.add(tf.sum(l.reshape(picked, -1, k, 3), l.ints(2)), l.scalar(1e-6f));
        Operand<TFloat32> total = tf.sum(perBranch, l.ints(1), org.tensorflow.op.core.Sum.keepDims(true));
        return tf.math.div(perBranch, total);
    }

    /**
     * The K false-colour images: bands {@code order[3k..3k+2]} of each crop, in the graph.
     * {@code crops} [N,H,W,B] -> [N*K,H,W,3] (branch-major within each sample).
     */
    public Operand<TFloat32> groupImages(Operand<TFloat32> crops, Operand<TInt32> order) {
        int k = cfg.groups();
        int b = cfg.bands();
        int h = (int) Layers.dim(crops, 1);
        int w = (int) Layers.dim(crops, 2);
        Operand<TInt32> sel = tf.slice(order, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 3 * k}));
        Operand<TInt32> n = tf.reshape(tf.slice(tf.shape(crops), tf.constant(new int[] {0}), tf.constant(new int[] {1})), tf.constant(new int[0]));
        Operand<TInt32> offsets = tf.reshape(tf.math.mul(tf.range(tf.constant(0), n, tf.constant(1)), tf.constant(b)),
                tf.constant(new int[] {-1, 1}));
        Operand<TInt32> idx = tf.reshape(tf.math.add(sel, offsets), tf.constant(new int[] {-1}));
        Operand<TFloat32> flat = l.reshape(l.transpose(crops, 0, 3, 1, 2), -1, h, w);
        Operand<TFloat32> g = tf.gather(flat, idx, tf.constant(0));                // [N*3K,H,W]
        return l.transpose(l.reshape(g, -1, 3, h, w), 0, 2, 3, 1);
    }

    /** Backbone -> adjust (1x1) -> CFRM, per level: [M,h,w,adjustChannels]. */
    private List<Operand<TFloat32>> features(Operand<TFloat32> images) {
        List<Operand<TFloat32>> levels = backbone.apply(images);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Operand<TFloat32> a = l.affine(l.conv2d(levels.get(i), "adjust" + i, 1, cfg.adjustChannels(), 1, 1, "SAME", false), "adjust" + i + "_bn");
            out.add(cfrm.apply(a, "cfrm" + i));
        }
        return out;
    }
}
