package io.spectratrack.model.graph;

import io.spectratrack.model.graph.ParamStore.Init;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The building blocks every module uses, each a small function over {@link Ops} and the
 * {@link ParamStore}. Shapes are NHWC (2-D) and NDHWC (3-D; D is the band axis in BIMM).
 */
public final class Layers {

    private final Ops tf;
    private final ParamStore params;

    public Layers(Ops tf, ParamStore params) {
        this.tf = tf;
        this.params = params;
    }

    public Ops tf() {
        return tf;
    }

    public ParamStore params() {
        return params;
    }

    public Operand<TInt32> ints(int... v) {
        return tf.constant(v);
    }

    public Operand<TFloat32> scalar(float v) {
        return tf.constant(v);
    }

    /** Static size of axis {@code i} (graph shape inference); -1 when unknown. */
    public static long dim(Operand<?> x, int i) {
        return x.shape().size(i);
    }

    public Operand<TFloat32> reshape(Operand<TFloat32> x, int... shape) {
        return tf.reshape(x, tf.constant(shape));
    }

    public Operand<TFloat32> transpose(Operand<TFloat32> x, int... perm) {
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    /**
     * 2-D convolution with optional bias. Dilation > 1 is built as SpaceToBatchND -> Conv2D(VALID)
     * -> BatchToSpaceND with SAME semantics (tfjava.md: the built-in dilated-conv gradient is wrong).
     */
    public Operand<TFloat32> conv2d(Operand<TFloat32> x, String name, int k, int cout, int stride, int dilation,
                                   String padding, boolean bias) {
        long cin = dim(x, 3);
        Operand<TFloat32> w = params.get(name + "_w", Init.HE, k * k * cin, k * k * (long) cout, k, k, cin, cout);
        Operand<TFloat32> y;
        if (dilation == 1) {
            y = tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), padding);
        } else {
            if (stride != 1 || !padding.equals("SAME")) {
                throw new IllegalArgumentException("atrous conv supports stride 1, SAME only");
            }
            y = atrousConv(x, w, k, dilation);
        }
        if (bias) {
            y = tf.nn.biasAdd(y, params.get(name + "_b", Init.ZEROS, 0, 0, cout));
        }
        return y;
    }

    /**
     * Dilated SAME convolution as SpaceToBatchND -> VALID conv -> BatchToSpaceND. The input is padded
     * by {@code d*(k-1)/2} on each side plus {@code extra} at the end so its size divides by {@code d};
     * the extra rows are cropped off again.
     */
    public Operand<TFloat32> atrousConv(Operand<TFloat32> x, Operand<TFloat32> w, int k, int d) {
        int h = (int) dim(x, 1);
        int wd = (int) dim(x, 2);
        int half = d * (k - 1) / 2;
        int extraH = Math.floorMod(-(h + 2 * half), d);
        int extraW = Math.floorMod(-(wd + 2 * half), d);
        Operand<TInt32> block = ints(d, d);
        Operand<TInt32> pads = tf.constant(new int[][] {{half, half + extraH}, {half, half + extraW}});
        Operand<TFloat32> s2b = tf.spaceToBatchNd(x, block, pads);
        Operand<TFloat32> c = tf.nn.conv2d(s2b, w, List.of(1L, 1L, 1L, 1L), "VALID");
        Operand<TInt32> crops = tf.constant(new int[][] {{0, extraH}, {0, extraW}});
        return tf.batchToSpaceNd(c, block, crops);
    }

    /** 3-D convolution (the gradient is registered by {@link Gradients}). */
    public Operand<TFloat32> conv3d(Operand<TFloat32> x, String name, int kd, int kh, int kw, int cout,
                                   int sd, int sh, int sw, boolean bias) {
        long cin = dim(x, 4);
        long fan = (long) kd * kh * kw * cin;
        Operand<TFloat32> w = params.get(name + "_w", Init.HE, fan, (long) kd * kh * kw * cout, kd, kh, kw, cin, cout);
        Operand<TFloat32> y = tf.nn.conv3d(x, w, List.of(1L, (long) sd, (long) sh, (long) sw, 1L), "SAME");
        if (bias) {
            Operand<TFloat32> b = params.get(name + "_b", Init.ZEROS, 0, 0, cout);
            y = tf.math.add(y, b);
        }
        return y;
    }

    /** Fully connected layer on the last axis of a rank-2 tensor. */
    public Operand<TFloat32> dense(Operand<TFloat32> x, String name, int cout, Init init) {
        long cin = dim(x, 1);
        Operand<TFloat32> w = params.get(name + "_w", init, cin, cout, cin, cout);
        Operand<TFloat32> b = params.get(name + "_b", Init.ZEROS, 0, 0, cout);
        return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
    }

    /** Depthwise 3x3 then pointwise 1x1 (a depthwise-separable conv), SAME, stride 1. */
    public Operand<TFloat32> separableConv(Operand<TFloat32> x, String name, int cout) {
        long c = dim(x, 3);
        Operand<TFloat32> dw = params.get(name + "_dw", Init.HE, 9, 9, 3, 3, c, 1);
        Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(x, dw, List.of(1L, 1L, 1L, 1L), "SAME");
        return conv2d(y, name + "_pw", 1, cout, 1, 1, "SAME", true);
    }

    /** Channel shuffle (ShuffleNet): [.., g*c] -> [.., c*g] interleaved. */
    public Operand<TFloat32> channelShuffle(Operand<TFloat32> x, int groups) {
        int h = (int) dim(x, 1);
        int w = (int) dim(x, 2);
        int c = (int) dim(x, 3);
        Operand<TFloat32> y = reshape(x, -1, h, w, groups, c / groups);
        y = transpose(y, 0, 1, 2, 4, 3);
        return reshape(y, -1, h, w, c);
    }

    /** Grouped 1x1 conv: a 1x1 conv whose weight is masked block-diagonal. */
    public Operand<TFloat32> groupedConv1x1(Operand<TFloat32> x, String name, int cout, int groups) {
        int cin = (int) dim(x, 3);
        Operand<TFloat32> w = params.get(name + "_w", Init.HE, cin / groups, cout / groups, 1, 1, cin, cout);
        float[][][][] mask = new float[1][1][cin][cout];
        for (int i = 0; i < cin; i++) {
            for (int o = 0; o < cout; o++) {
                mask[0][0][i][o] = (i * groups / cin) == (o * groups / cout) ? 1f : 0f;
            }
        }
        Operand<TFloat32> y = tf.nn.conv2d(x, tf.math.mul(w, tf.constant(mask)), List.of(1L, 1L, 1L, 1L), "SAME");
        return tf.nn.biasAdd(y, params.get(name + "_b", Init.ZEROS, 0, 0, cout));
    }

    /**
     * Per-channel affine y = x * gamma + beta: batch norm folded to its inference form. We train
     * from scratch with small batches and serve one target at a time, so batch statistics are not
     * used (noted as a deviation from the paper's BN).
     */
    public Operand<TFloat32> affine(Operand<TFloat32> x, String name) {
        int c = (int) dim(x, x.shape().numDimensions() - 1);
        Operand<TFloat32> g = params.get(name + "_g", Init.ONES, 0, 0, c);
        Operand<TFloat32> b = params.get(name + "_beta", Init.ZEROS, 0, 0, c);
        return tf.math.add(tf.math.mul(x, g), b);
    }

    public Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    /**
     * Depthwise cross-correlation of search features {@code [M,H,W,C]} with template kernels
     * {@code [M,h,w,C]}, every pair its own kernel (tfjava.md recipe): out {@code [M,H-h+1,W-w+1,C]}.
     */
    public Operand<TFloat32> xcorrDepthwise(Operand<TFloat32> search, Operand<TFloat32> kernel) {
        int hs = (int) dim(search, 1);
        int ws = (int) dim(search, 2);
        int c = (int) dim(search, 3);
        int hk = (int) dim(kernel, 1);
        int wk = (int) dim(kernel, 2);
        Operand<TFloat32> s = reshape(transpose(search, 1, 2, 0, 3), 1, hs, ws, -1);
        Operand<TFloat32> k = reshape(transpose(kernel, 1, 2, 0, 3), hk, wk, -1, 1);
        Operand<TFloat32> o = tf.nn.depthwiseConv2dNative(s, k, List.of(1L, 1L, 1L, 1L), "VALID");
        int ho = hs - hk + 1;
        int wo = ws - wk + 1;
        return transpose(reshape(o, ho, wo, -1, c), 2, 0, 1, 3);
    }
}
