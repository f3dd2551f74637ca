package io.spectratrack.model.training;

import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.graph.BcrNetGraph;
import io.spectratrack.model.graph.ParamStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The training graph: template and search paths of one {@link BcrNetGraph} joined directly, the
 * multi-task loss of bcrnet.md and Adam updates.
 *
 * <pre>
 *   L = lambdaRec * (rec(Z, C_t) + rec(X, C_s) + l1 * mean(C))
 *     + fused * (L_cls(fused) + lambdaReg * (L_iou(fused) + logL1/fused * L_log(fused)))
 *     + branch * (L_cls(per branch) + lambdaReg * L_iou(per branch))
 * </pre>
 * {@code L_cls}: balanced cross-entropy (positives and negatives each averaged, then halved),
 * {@code L_iou}: 1 - IoU of the predicted l,t,r,b at positive cells, {@code L_log}: mean |log(pred/target)|
 * of the four distances at positive cells. "fused" scores the maps the tracker decodes
 * ({@code p = sum_k w_k sigmoid(cls_k)}, {@code reg = sum_k w_k reg_k}); "per branch" scores every
 * branch on its own, weighted by K * w_k. The branch weights {@code w} are held constant
 * (stop-gradient), so BIMM learns from the self-expression prior only.
 *
 * <p>Adam: tensorflow-framework's {@code Adam} bakes the learning rate in as a constant, so the
 * schedule is fed to the {@code ApplyAdam} kernel directly through a placeholder; gradients come from
 * {@code graph.addGradients(loss, weights)} for exactly the model's weights.
 */
public final class TrainingGraph {

    public static final float LAMBDA_REC = 0.1f;
    public static final float LAMBDA_REG = 1.0f;

    final BcrNetGraph net;
    final Placeholder<TFloat32> templateCrops;
    final Placeholder<TFloat32> searchCrops;
    final Placeholder<TFloat32> clsLabels;   // [N,S,S]: 1, 0, -1
    final Placeholder<TFloat32> regTargets;  // [N,S,S,4]
    final Placeholder<TFloat32> learningRate;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> clsLoss;
    final Operand<TFloat32> regLoss;
    final Operand<TFloat32> recLoss;
    final Operand<TFloat32> cls;             // [N,K,S,S]
    final Operand<TFloat32> reg;             // [N,K,4,S,S]
    final Operand<TFloat32> branchWeights;   // [N,K]
    final Op trainStep;
    final Variable<TFloat32> step;

    /** The original loss: every branch's maps trained on their own (no fused term). */
    public TrainingGraph(Graph g, BcrNetConfig cfg) {
        this(g, cfg, 0f, 1f, 0f);
    }

    /**
     * @param fusedWeight  weight of the classification + IoU loss on the <em>fused</em> maps, fused
     *                     exactly as the tracker fuses them ({@code p = sum_k w_k sigmoid(cls_k)},
     *                     {@code reg = sum_k w_k reg_k}, {@code w} the branch weights)
     * @param branchWeight weight of the same losses on every branch's own maps
     * @param logL1Weight  weight of {@code mean |log(pred / target)|} over the four fused distances at
     *                     positive cells: unbiased in scale, unlike {@code 1 - IoU}, which rewards
     *                     boxes larger than the target whenever the position is uncertain
     */
    public TrainingGraph(Graph g, BcrNetConfig cfg, float fusedWeight, float branchWeight, float logL1Weight) {
        net = new BcrNetGraph(g, cfg);
        Ops tf = net.tf();
        int s = cfg.scoreSize();
        int k = cfg.groups();
        templateCrops = net.cropPlaceholder("train_template", cfg.templateSize());
        searchCrops = net.cropPlaceholder("train_search", cfg.searchSize());
        clsLabels = tf.withName("train_cls_labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s)));
        regTargets = tf.withName("train_reg_targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 4)));
        learningRate = tf.withName("train_lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        BcrNetGraph.TemplateOut t = net.template(templateCrops);
        BcrNetGraph.TrackOut o = net.track(t.features(), t.order(), searchCrops);
        cls = o.cls();
        reg = o.reg();
        branchWeights = o.branchWeights();

        Operand<TFloat32> w = tf.stopGradient(o.branchWeights());                          // [N,K], sums to 1
        Operand<TFloat32> pred = tf.reshape(o.regFlat(), tf.constant(new int[] {-1, k, s, s, 4}));
        Operand<TFloat32> zero = tf.constant(0f);
        Operand<TFloat32> branchCls = zero;
        Operand<TFloat32> branchReg = zero;
        if (branchWeight > 0) {
            // per branch, weighted by K * w (uniform weights give the plain mean over branches)
            Operand<TFloat32> bw4 = tf.reshape(tf.math.mul(w, tf.constant((float) k)), tf.constant(new int[] {-1, k, 1, 1}));
            Operand<TFloat32> labels = tf.reshape(clsLabels, tf.constant(new int[] {-1, 1, s, s}));
            Operand<TFloat32> pos = tf.math.mul(mask(tf, labels, 1f), bw4);
            Operand<TFloat32> neg = tf.math.mul(mask(tf, labels, 0f), bw4);
            // sigmoid cross-entropy: softplus(x) - x * z
            Operand<TFloat32> logits = o.cls();
            branchCls = balanced(tf, tf.math.sub(tf.math.softplus(logits), logits), pos, tf.math.softplus(logits), neg);
            Operand<TFloat32> tgt = tf.reshape(regTargets, tf.constant(new int[] {-1, 1, s, s, 4}));
            branchReg = meanOver(tf, tf.math.sub(tf.constant(1f), iou(tf, pred, tgt)), pos);
        }
        Operand<TFloat32> fusedCls = zero;
        Operand<TFloat32> fusedReg = zero;
        if (fusedWeight > 0) {
            // the maps the tracker decodes: p = sum_k w_k sigmoid(cls_k), reg = sum_k w_k reg_k
            Operand<TFloat32> p = tf.sum(tf.math.mul(tf.math.sigmoid(o.cls()), tf.reshape(w, tf.constant(new int[] {-1, k, 1, 1}))),
                    tf.constant(1));                                                       // [N,S,S]
            Operand<TFloat32> eps = tf.constant(1e-6f);
            Operand<TFloat32> pos = mask(tf, clsLabels, 1f);
            Operand<TFloat32> neg = mask(tf, clsLabels, 0f);
            Operand<TFloat32> cePos = tf.math.neg(tf.math.log(tf.math.add(p, eps)));
            Operand<TFloat32> ceNeg = tf.math.neg(tf.math.log(tf.math.add(tf.math.sub(tf.constant(1f), p), eps)));
            fusedCls = balanced(tf, cePos, pos, ceNeg, neg);
            Operand<TFloat32> fusedBox = tf.sum(tf.math.mul(pred, tf.reshape(w, tf.constant(new int[] {-1, k, 1, 1, 1}))),
                    tf.constant(1));                                                       // [N,S,S,4]
            fusedReg = meanOver(tf, tf.math.sub(tf.constant(1f), iou(tf, fusedBox, regTargets)), pos);
            if (logL1Weight > 0) {
                Operand<TFloat32> logErr = tf.math.abs(tf.math.sub(tf.math.log(tf.math.maximum(fusedBox, tf.constant(1e-3f))),
                        tf.math.log(tf.math.maximum(regTargets, tf.constant(1f)))));
                Operand<TFloat32> perCell = tf.math.mean(logErr, tf.constant(3));               // [N,S,S]
                fusedReg = tf.math.add(fusedReg, tf.math.mul(meanOver(tf, perCell, pos), tf.constant(logL1Weight / Math.max(fusedWeight, 1e-6f))));
            }
        }
        clsLoss = tf.math.add(tf.math.mul(fusedCls, tf.constant(fusedWeight)), tf.math.mul(branchCls, tf.constant(branchWeight)));
        regLoss = tf.math.add(tf.math.mul(fusedReg, tf.constant(fusedWeight)), tf.math.mul(branchReg, tf.constant(branchWeight)));

        Operand<TFloat32> l1 = tf.math.add(tf.math.mean(t.bandMatrix(), tf.constant(new int[] {0, 1, 2})),
                tf.math.mean(o.bandMatrix(), tf.constant(new int[] {0, 1, 2})));
        recLoss = tf.math.add(tf.math.add(tf.math.mean(t.reconstruction(), tf.constant(0)), tf.math.mean(o.reconstruction(), tf.constant(0))),
                tf.math.mul(l1, tf.constant(cfg.bimm().l1Weight())));
        loss = tf.withName("train_loss").math.add(tf.math.add(clsLoss, tf.math.mul(regLoss, tf.constant(LAMBDA_REG))),
                tf.math.mul(recLoss, tf.constant(LAMBDA_REC)));

        // Adam on exactly the model's weights
        List<ParamStore.Param> params = net.params().params();
        Output<?>[] xs = new Output<?>[params.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = params.get(i).variable().asOutput();
        }
        Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
        step = tf.withName("train_step").variable(tf.constant(0f));
        Variable<TFloat32> b1p = tf.withName("adam_beta1_power").variable(tf.constant(0.9f));
        Variable<TFloat32> b2p = tf.withName("adam_beta2_power").variable(tf.constant(0.999f));
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            ParamStore.Param pa = params.get(i);
            if (grads[i] == null) {
                throw new IllegalStateException("weight " + pa.name() + " gets no gradient from the loss");
            }
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gr = (Operand<TFloat32>) grads[i];
            Operand<TFloat32> zeros = tf.zeros(tf.constant(toInt(pa.shape())), TFloat32.class);
            Variable<TFloat32> m = tf.withName(pa.name() + "_adam_m").variable(zeros);
            Variable<TFloat32> v = tf.withName(pa.name() + "_adam_v").variable(zeros);
            updates.add(tf.train.applyAdam(pa.variable(), m, v, b1p, b2p, learningRate, tf.constant(0.9f), tf.constant(0.999f),
                    tf.constant(1e-7f), gr));
        }
        Ops after = tf.withControlDependencies(updates);
        Op u1 = after.assign(b1p, after.math.mul(b1p, after.constant(0.9f)));
        Op u2 = after.assign(b2p, after.math.mul(b2p, after.constant(0.999f)));
        Op u3 = after.assign(step, after.math.add(step, after.constant(1f)));
        trainStep = tf.withControlDependencies(List.of(u1, u2, u3)).withName("train_op").noOp();
    }

    /** 1 where {@code labels == value}, else 0. */
    private static Operand<TFloat32> mask(Ops tf, Operand<TFloat32> labels, float value) {
        return tf.dtypes.cast(tf.math.equal(labels, tf.constant(value)), TFloat32.class);
    }

    /** Weighted mean of {@code x} over all elements with weights {@code m} (0 when {@code m} is all 0). */
    private static Operand<TFloat32> meanOver(Ops tf, Operand<TFloat32> x, Operand<TFloat32> m) {
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return tf.math.div(tf.sum(tf.math.mul(x, m), tf.constant(axes)), tf.math.maximum(tf.sum(m, tf.constant(axes)), tf.constant(1f)));
    }

    /** Balanced cross-entropy: positives and negatives each averaged, then halved. */
    private static Operand<TFloat32> balanced(Ops tf, Operand<TFloat32> cePos, Operand<TFloat32> pos, Operand<TFloat32> ceNeg,
                                              Operand<TFloat32> neg) {
        return tf.math.mul(tf.math.add(meanOver(tf, cePos, pos), meanOver(tf, ceNeg, neg)), tf.constant(0.5f));
    }

    /** IoU of l,t,r,b distance boxes sharing their anchor point; last axis 4, broadcasting. */
    private static Operand<TFloat32> iou(Ops tf, Operand<TFloat32> pred, Operand<TFloat32> tgt) {
        List<Operand<TFloat32>> p = split4(tf, pred);
        List<Operand<TFloat32>> q = split4(tf, tgt);
        Operand<TFloat32> areaP = tf.math.mul(tf.math.add(p.get(0), p.get(2)), tf.math.add(p.get(1), p.get(3)));
        Operand<TFloat32> areaG = tf.math.mul(tf.math.add(q.get(0), q.get(2)), tf.math.add(q.get(1), q.get(3)));
        Operand<TFloat32> wi = tf.math.add(tf.math.minimum(p.get(0), q.get(0)), tf.math.minimum(p.get(2), q.get(2)));
        Operand<TFloat32> hi = tf.math.add(tf.math.minimum(p.get(1), q.get(1)), tf.math.minimum(p.get(3), q.get(3)));
        Operand<TFloat32> inter = tf.math.mul(wi, hi);
        return tf.math.div(inter, tf.math.add(tf.math.sub(tf.math.add(areaP, areaG), inter), tf.constant(1e-6f)));
    }

    private static int[] toInt(long[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = (int) s[i];
        }
        return r;
    }

    private static List<Operand<TFloat32>> split4(Ops tf, Operand<TFloat32> x) {
        int rank = x.shape().numDimensions();
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (Output<TFloat32> o : tf.split(tf.constant(rank - 1), x, 4L).output()) {
            out.add(tf.squeeze(o, org.tensorflow.op.core.Squeeze.axis(List.of((long) rank - 1))));
        }
        return out;
    }

    public BcrNetGraph net() {
        return net;
    }

    /** The scalar training loss. */
    public Operand<TFloat32> lossOperand() {
        return loss;
    }
}
