package io.spectratrack.model.graph;

import io.spectratrack.model.graph.ParamStore.Init;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Contextual Feature Refinement Module (paper Sec. 3.3; bcrnet.md): a channel cue from global
 * average + max pooling (an MLP on their concatenation) and a spatial cue from a query/key
 * correlation over all positions, combined by element-wise product with the input.
 *
 * <p>The spatial cue is the global-context (GC-block) form of non-local attention, O(HW) instead of
 * O((HW)^2): keys are softmax-normalised over all positions into one context vector, propagated by a
 * learnable 1x1 transform, and every position's query is correlated with it. A residual
 * {@code F + F * Wc * Ws} keeps the untrained module close to identity (our choice; the paper's
 * text gives the product only).
 */
public final class Cfrm {

    private final Layers l;
    private final Ops tf;

    public Cfrm(Layers layers) {
        this.l = layers;
        this.tf = layers.tf();
    }

    /** {@code f}: [M,H,W,C]; {@code name} one per level (weights shared by template and search). */
    public Operand<TFloat32> apply(Operand<TFloat32> f, String name) {
        int h = (int) Layers.dim(f, 1);
        int w = (int) Layers.dim(f, 2);
        int c = (int) Layers.dim(f, 3);
        int ck = Math.max(4, c / 4);

        // channel cue
        Operand<TFloat32> gap = tf.math.mean(f, l.ints(1, 2));
        Operand<TFloat32> gmp = tf.max(f, l.ints(1, 2));
        Operand<TFloat32> pooled = tf.concat(List.of(gap, gmp), tf.constant(1));
        Operand<TFloat32> wc = tf.math.sigmoid(l.dense(l.relu(l.dense(pooled, name + "_ch1", ck, Init.HE)), name + "_ch2", c, Init.GLOROT));
        wc = l.reshape(wc, -1, 1, 1, c);

        // spatial cue: softmax attention pooling of keys -> context, then query . context per position
        Operand<TFloat32> keyLogits = l.reshape(l.conv2d(f, name + "_key", 1, 1, 1, 1, "SAME", true), -1, h * w);
        Operand<TFloat32> attn = l.reshape(tf.nn.softmax(keyLogits), -1, h * w, 1);
        Operand<TFloat32> context = tf.sum(tf.math.mul(l.reshape(f, -1, h * w, c), attn), l.ints(1)); // [M,C]
        Operand<TFloat32> t = l.dense(context, name + "_ctx", ck, Init.GLOROT);                          // [M,ck]
        Operand<TFloat32> q = l.conv2d(f, name + "_query", 1, ck, 1, 1, "SAME", true);                  // [M,H,W,ck]
        Operand<TFloat32> corr = tf.sum(tf.math.mul(q, l.reshape(t, -1, 1, 1, ck)), l.ints(3),
                org.tensorflow.op.core.Sum.keepDims(true));
        Operand<TFloat32> ws = tf.math.sigmoid(tf.math.mul(corr, l.scalar((float) (1.0 / Math.sqrt(ck)))));

        return tf.math.add(f, tf.math.mul(f, tf.math.mul(wc, ws)));
    }
}
