package io.spectratrack.model.graph;

import io.spectratrack.model.graph.BcrNetConfig.BimmSpec;
import io.spectratrack.model.graph.ParamStore.Init;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Band Importance Modelling Module (paper Sec. 3.2; bcrnet.md "BIMM"): an unrolled solver of the
 * self-expression problem {@code min ||X - XC||^2 + lambda ||C||_1, C >= 0, diag(C) = 0}.
 *
 * <ul>
 *   <li>Encoder: 3-D convs over (band, y, x), each halving y and x, each followed by SEM then CEM.</li>
 *   <li>Decoder: per encoder level (bottom up) SDUB (bilinear up, depthwise-separable conv, channel
 *       shuffle, 1x1 conv) then SGRM (grouped 1x1 convs of the skip and the decoder feature, gate).</li>
 *   <li>{@code C0 = Softplus(corr(GAP(D))) / (B-1)}: Pearson correlation of the bands' pooled features.</li>
 *   <li>One learned step {@code C = ZeroDiag(ReLU(C0 - MLP(C0)))}: non-negative by the ReLU, zero
 *       diagonal by a mask.</li>
 *   <li>Importance {@code w_b} = mean of row b of C: how much band b helps express the others.</li>
 *   <li>Reconstruction {@code mean((X - XC)^2)} on the crop average-pooled to a small side.</li>
 * </ul>
 */
public final class Bimm {

    /** BIMM outputs for a batch of N crops. */
    public record Output(Operand<TFloat32> bandMatrix, Operand<TFloat32> importance, Operand<TFloat32> reconstruction) {
    }

    private final Layers l;
    private final Ops tf;
    private final BimmSpec spec;
    private final int bands;

    public Bimm(Layers layers, BimmSpec spec, int bands) {
        this.l = layers;
        this.tf = layers.tf();
        this.spec = spec;
        this.bands = bands;
    }

    /** {@code crops}: [N,H,W,B] normalised crops. */
    public Output apply(Operand<TFloat32> crops) {
        Operand<TFloat32> x = crops;
        if (spec.inputPool() > 1) {
            long p = spec.inputPool();
            x = tf.nn.avgPool(x, List.of(1L, p, p, 1L), List.of(1L, p, p, 1L), "VALID");
        }
        int h = (int) Layers.dim(x, 1);
        int w = (int) Layers.dim(x, 2);
        // [N,H,W,B] -> [N,B,H,W,1]: bands become the depth axis of the 3-D convs
        Operand<TFloat32> f = l.reshape(l.transpose(x, 0, 3, 1, 2), -1, bands, h, w, 1);

        List<Operand<TFloat32>> skips = new ArrayList<>();
        List<Integer> ch = spec.encoderChannels();
        for (int i = 0; i < ch.size(); i++) {
            f = l.relu(l.conv3d(f, "bimm_enc" + i, 3, 3, 3, ch.get(i), 1, 2, 2, true));
            f = sem(f, "bimm_sem" + i);
            f = cem(f, "bimm_cem" + i);
            skips.add(f);
        }
        // decoder: per band slice, work in 2-D [N*B,H,W,C]
        Operand<TFloat32> d = to2d(skips.get(ch.size() - 1));
        for (int i = ch.size() - 2; i >= 0; i--) {
            Operand<TFloat32> e = to2d(skips.get(i));
            d = sdub(d, e, "bimm_sdub" + i, ch.get(i));
            d = sgrm(e, d, "bimm_sgrm" + i);
        }
        int c = (int) Layers.dim(d, 3);
        // GAP over y, x -> per-band descriptors [N,B,C]
        Operand<TFloat32> g = l.reshape(tf.math.mean(d, l.ints(1, 2)), -1, bands, c);
        // divided by B-1 so the initial XC is about the mean of the other bands (a sane start for
        // the self-expression residual) instead of their sum
        Operand<TFloat32> c0 = tf.math.div(tf.math.softplus(pearson(g)), l.scalar(bands - 1f));
        Operand<TFloat32> cMat = refine(c0);
        Operand<TFloat32> importance = tf.math.mean(cMat, l.ints(2));
        return new Output(cMat, importance, reconstruction(crops, cMat));
    }

    /** [N,D,H,W,C] -> [N*D,H,W,C]. */
    private Operand<TFloat32> to2d(Operand<TFloat32> f) {
        return l.reshape(f, -1, (int) Layers.dim(f, 2), (int) Layers.dim(f, 3), (int) Layers.dim(f, 4));
    }

    /** SEM: Ws = Sigmoid(Conv7x7([max over channels; mean over channels])), output F * Ws. */
    private Operand<TFloat32> sem(Operand<TFloat32> f, String name) {
        Operand<TFloat32> mx = tf.max(f, l.ints(4), org.tensorflow.op.core.Max.keepDims(true));
        Operand<TFloat32> mean = tf.math.mean(f, l.ints(4), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> cat = tf.concat(List.of(mx, mean), tf.constant(4));
        Operand<TFloat32> ws = tf.math.sigmoid(l.conv3d(cat, name, 1, 7, 7, 1, 1, 1, 1, true));
        return tf.math.mul(f, ws);
    }

    /** CEM: Wc = Softplus(MLP(AvgPool(F)) + MLP(MaxPool(F))), shared MLP C -> C/r -> C; output F * Wc. */
    private Operand<TFloat32> cem(Operand<TFloat32> f, String name) {
        int c = (int) Layers.dim(f, 4);
        int hidden = Math.max(2, c / spec.cemReduction());
        Operand<TFloat32> avg = tf.math.mean(f, l.ints(1, 2, 3));
        Operand<TFloat32> mx = tf.max(f, l.ints(1, 2, 3));
        Operand<TFloat32> a = l.dense(l.relu(l.dense(avg, name + "_fc1", hidden, Init.HE)), name + "_fc2", c, Init.GLOROT);
        Operand<TFloat32> m = l.dense(l.relu(l.dense(mx, name + "_fc1", hidden, Init.HE)), name + "_fc2", c, Init.GLOROT);
        Operand<TFloat32> wc = tf.math.softplus(tf.math.add(a, m));
        return tf.math.mul(f, l.reshape(wc, -1, 1, 1, 1, c));
    }

    /** SDUB: bilinear upsample to the skip's size, depthwise-separable conv, channel shuffle, 1x1 conv. */
    private Operand<TFloat32> sdub(Operand<TFloat32> d, Operand<TFloat32> skip, String name, int cout) {
        int h = (int) Layers.dim(skip, 1);
        int w = (int) Layers.dim(skip, 2);
        Operand<TFloat32> up = tf.image.resizeBilinear(d, l.ints(h, w));
        Operand<TFloat32> y = l.relu(l.separableConv(up, name + "_sep", (int) Layers.dim(d, 3)));
        y = l.channelShuffle(y, 2);
        return l.relu(l.conv2d(y, name + "_pw", 1, cout, 1, 1, "SAME", true));
    }

    /** SGRM: A = ReLU(BN(GConv_e(E)) + BN(GConv_d(D))); output D * Sigmoid(BN(Conv1x1(A))). */
    private Operand<TFloat32> sgrm(Operand<TFloat32> e, Operand<TFloat32> d, String name) {
        int c = (int) Layers.dim(d, 3);
        Operand<TFloat32> ge = l.affine(l.groupedConv1x1(e, name + "_ge", c, 2), name + "_bne");
        Operand<TFloat32> gd = l.affine(l.groupedConv1x1(d, name + "_gd", c, 2), name + "_bnd");
        Operand<TFloat32> a = l.relu(tf.math.add(ge, gd));
        Operand<TFloat32> gate = tf.math.sigmoid(l.affine(l.conv2d(a, name + "_psi", 1, 1, 1, 1, "SAME", true), name + "_bnpsi"));
        return tf.math.mul(d, gate);
    }

    /** Pearson correlation between the B band descriptors: [N,B,C] -> [N,B,B] in [-1, 1]. */
    private Operand<TFloat32> pearson(Operand<TFloat32> g) {
        Operand<TFloat32> centred = tf.math.sub(g, tf.math.mean(g, l.ints(2), org.tensorflow.op.math.Mean.keepDims(true)));
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.add(
                tf.sum(tf.math.mul(centred, centred), l.ints(2), org.tensorflow.op.core.Sum.keepDims(true)), l.scalar(1e-6f)));
        Operand<TFloat32> u = tf.math.div(centred, norm);
        int c = (int) Layers.dim(g, 2);
        // u u^T by broadcasting (small: B x B x C per sample)
        Operand<TFloat32> a = l.reshape(u, -1, bands, 1, c);
        Operand<TFloat32> b = l.reshape(u, -1, 1, bands, c);
        return tf.sum(tf.math.mul(a, b), l.ints(3));
    }

    /** One learned refinement step: C = ZeroDiag(ReLU(C0 - MLP(C0))), the MLP acting on rows. */
    private Operand<TFloat32> refine(Operand<TFloat32> c0) {
        Operand<TFloat32> rows = l.reshape(c0, -1, bands);
        Operand<TFloat32> step = l.dense(l.relu(l.dense(rows, "bimm_refine_fc1", spec.refineHidden(), Init.HE)),
                "bimm_refine_fc2", bands, Init.SMALL);
        Operand<TFloat32> c = l.relu(tf.math.sub(c0, l.reshape(step, -1, bands, bands)));
        float[][] mask = new float[bands][bands];
        for (int i = 0; i < bands; i++) {
            for (int j = 0; j < bands; j++) {
                mask[i][j] = i == j ? 0f : 1f;
            }
        }
        return tf.math.mul(c, tf.constant(mask));
    }

    /**
     * Self-expression residual ||X - XC||^2 (mean over pixels and bands) per crop, on the crop
     * average-pooled to about {@code reconstructionSide} pixels a side.
     */
    private Operand<TFloat32> reconstruction(Operand<TFloat32> crops, Operand<TFloat32> cMat) {
        int side = (int) Layers.dim(crops, 1);
        long p = Math.max(1, side / spec.reconstructionSide());
        Operand<TFloat32> x = tf.nn.avgPool(crops, List.of(1L, p, p, 1L), List.of(1L, p, p, 1L), "VALID");
        Operand<TFloat32> flat = l.reshape(x, -1, (int) (Layers.dim(x, 1) * Layers.dim(x, 2)), bands, 1);
        Operand<TFloat32> xc = tf.sum(tf.math.mul(flat, l.reshape(cMat, -1, 1, bands, bands)), l.ints(2));
        Operand<TFloat32> diff = tf.math.sub(l.reshape(x, -1, (int) (Layers.dim(x, 1) * Layers.dim(x, 2)), bands), xc);
        return tf.math.mean(tf.math.mul(diff, diff), l.ints(1, 2));
    }
}
