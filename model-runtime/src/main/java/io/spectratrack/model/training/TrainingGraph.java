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
 *   L = lambdaRec * (rec(Z, C_t) + rec(X, C_s) + l1 * mean(C)) + L_cls + lambdaReg * L_iou
 * </pre>
 * {@code L_cls}: balanced sigmoid cross-entropy (positives and negatives each averaged, then halved),
 * {@code L_iou}: 1 - IoU of the predicted l,t,r,b at positive cells; both weighted per branch by the
 * branch's importance weight (times K, so uniform weights give the plain mean), the weights held
 * constant (stop-gradient) so BIMM learns from the self-expression prior only.
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

    public TrainingGraph(Graph g, BcrNetConfig cfg) {
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

        // per-branch weights, K * w so that uniform weights are 1 each
        Operand<TFloat32> bw = tf.math.mul(tf.stopGradient(o.branchWeights()), tf.constant((float) k));
        Operand<TFloat32> bw4 = tf.reshape(bw, tf.constant(new int[] {-1, k, 1, 1}));
        Operand<TFloat32> labels = tf.reshape(clsLabels, tf.constant(new int[] {-1, 1, s, s}));
        Operand<TFloat32> pos = tf.math.mul(tf.dtypes.cast(tf.math.equal(labels, tf.constant(1f)), TFloat32.class), bw4);
        Operand<TFloat32> neg = tf.math.mul(tf.dtypes.cast(tf.math.equal(labels, tf.constant(0f)), TFloat32.class), bw4);
        // sigmoid cross-entropy: softplus(x) - x * z
        Operand<TFloat32> logits = o.cls();
        Operand<TFloat32> cePos = tf.math.sub(tf.math.softplus(logits), logits);
        Operand<TFloat32> ceNeg = tf.math.softplus(logits);
        Operand<TFloat32> lp = tf.math.div(tf.sum(tf.math.mul(cePos, pos), tf.constant(new int[] {0, 1, 2, 3})),
                tf.math.maximum(tf.sum(pos, tf.constant(new int[] {0, 1, 2, 3})), tf.constant(1f)));
        Operand<TFloat32> ln = tf.math.div(tf.sum(tf.math.mul(ceNeg, neg), tf.constant(new int[] {0, 1, 2, 3})),
                tf.math.maximum(tf.sum(neg, tf.constant(new int[] {0, 1, 2, 3})), tf.constant(1f)));
        clsLoss = tf.math.mul(tf.math.add(lp, ln), tf.constant(0.5f));

        // linear IoU loss at positive cells; pred [N,K,S,S,4] from regFlat, target [N,1,S,S,4]
        Operand<TFloat32> pred = tf.reshape(o.regFlat(), tf.constant(new int[] {-1, k, s, s, 4}));
        Operand<TFloat32> tgt = tf.reshape(regTargets, tf.constant(new int[] {-1, 1, s, s, 4}));
        List<Operand<TFloat32>> p = split4(tf, pred);
        List<Operand<TFloat32>> q = split4(tf, tgt);
        Operand<TFloat32> areaP = tf.math.mul(tf.math.add(p.get(0), p.get(2)), tf.math.add(p.get(1), p.get(3)));
        Operand<TFloat32> areaG = tf.math.mul(tf.math.add(q.get(0), q.get(2)), tf.math.add(q.get(1), q.get(3)));
        Operand<TFloat32> wi = tf.math.add(tf.math.minimum(p.get(0), q.get(0)), tf.math.minimum(p.get(2), q.get(2)));
        Operand<TFloat32> hi = tf.math.add(tf.math.minimum(p.get(1), q.get(1)), tf.math.minimum(p.get(3), q.get(3)));
        Operand<TFloat32> inter = tf.math.mul(wi, hi);
        Operand<TFloat32> iou = tf.math.div(inter, tf.math.add(tf.math.sub(tf.math.add(areaP, areaG), inter), tf.constant(1e-6f)));
        Operand<TFloat32> one = tf.constant(1f);
        regLoss = tf.math.div(tf.sum(tf.math.mul(tf.math.sub(one, iou), pos), tf.constant(new int[] {0, 1, 2, 3})),
                tf.math.maximum(tf.sum(pos, tf.constant(new int[] {0, 1, 2, 3})), one));

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
