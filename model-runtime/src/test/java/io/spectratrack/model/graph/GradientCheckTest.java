package io.spectratrack.model.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Finite-difference checks of the gradients the model relies on: the registered Conv3D gradient,
 * the SpaceToBatch atrous conv, the depthwise cross-correlation and the whole BIMM module.
 * Loss = sum(R * f(x)) with a fixed random R; float32, central differences, eps 1e-2.
 */
class GradientCheckTest {

    private record Input(Placeholder<TFloat32> ph, float[] value, Shape shape) {
    }

    @Test
    void conv3dGradientMatchesFiniteDifferences() {
        Gradients.register();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Input x = input(tf, Shape.of(1, 4, 6, 6, 2), 1);
            Input w = input(tf, Shape.of(3, 3, 3, 2, 3), 2);
            Operand<TFloat32> y = tf.nn.conv3d(x.ph(), w.ph(), List.of(1L, 1L, 2L, 2L, 1L), "SAME");
            check(g, tf, y, List.of(x, w), 3e-2);
        }
    }

    @Test
    void atrousConvEqualsBuiltInDilatedConvAndHasTheRightGradient() {
        for (int d : new int[] {2, 4}) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Layers l = new Layers(tf, new ParamStore(tf));
                Input x = input(tf, Shape.of(2, 7, 7, 2), 3);
                Input w = input(tf, Shape.of(3, 3, 2, 3), 4);
                Operand<TFloat32> y = l.atrousConv(x.ph(), w.ph(), 3, d);
                Operand<TFloat32> ref = tf.nn.conv2d(x.ph(), w.ph(), List.of(1L, 1L, 1L, 1L), "SAME",
                        org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, (long) d, (long) d, 1L)));
                try (Session s = new Session(g)) {
                    float[] a = run(s, y, List.of(x, w));
                    float[] b = run(s, ref, List.of(x, w));
                    for (int i = 0; i < a.length; i++) {
                        assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-4f);
                    }
                }
                check(g, tf, y, List.of(x, w), 3e-2);
            }
        }
    }

    @Test
    void depthwiseCrossCorrelationGradientMatchesFiniteDifferences() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Layers l = new Layers(tf, new ParamStore(tf));
            Input search = input(tf, Shape.of(3, 6, 6, 2), 5);
            Input kernel = input(tf, Shape.of(3, 3, 3, 2), 6);
            check(g, tf, l.xcorrDepthwise(search.ph(), kernel.ph()), List.of(search, kernel), 3e-2);
        }
    }

    @Test
    void bimmGradientWithRespectToItsInputMatchesFiniteDifferences() {
        Gradients.register();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParamStore ps = new ParamStore(tf);
            Layers l = new Layers(tf, ps);
            int bands = 6;
            Bimm bimm = new Bimm(l, new BcrNetConfig.BimmSpec(1, List.of(4, 4), 2, 8, 4, 1e-3f), bands);
            Input x = input(tf, Shape.of(2, 8, 8, bands), 7);
            Bimm.Output o = bimm.apply(x.ph());
            // importance and reconstruction both feed the loss
            Operand<TFloat32> f = tf.concat(List.of(tf.reshape(o.importance(), tf.constant(new int[] {-1})),
                    tf.reshape(o.reconstruction(), tf.constant(new int[] {-1}))), tf.constant(0));
            try (Session s = new Session(g)) {
                ps.assign(s, ps.initialValues(3));
                checkInSession(g, s, tf, f, List.of(x), 5e-2);
            }
        }
    }

    private static Input input(Ops tf, Shape shape, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Input(tf.placeholder(TFloat32.class, Placeholder.shape(shape)), v, shape);
    }

    private static void check(Graph g, Ops tf, Operand<TFloat32> y, List<Input> inputs, double tol) {
        try (Session s = new Session(g)) {
            checkInSession(g, s, tf, y, inputs, tol);
        }
    }

    private static void checkInSession(Graph g, Session s, Ops tf, Operand<TFloat32> y, List<Input> inputs, double tol) {
        float[] yv = run(s, y, inputs);
        Random r = new Random(99);
        float[] rv = new float[yv.length];
        for (int i = 0; i < rv.length; i++) {
            rv[i] = (float) r.nextGaussian();
        }
        Operand<TFloat32> loss = tf.sum(tf.math.mul(tf.reshape(y, tf.constant(new int[] {-1})), tf.constant(rv)), tf.constant(0));
        Output<?>[] xs = inputs.stream().map(in -> in.ph().asOutput()).toArray(Output[]::new);
        Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
        for (int k = 0; k < inputs.size(); k++) {
            @SuppressWarnings("unchecked")
            float[] analytic = run(s, (Operand<TFloat32>) grads[k], inputs);
            Input in = inputs.get(k);
            Random pick = new Random(k + 17);
            for (int t = 0; t < 12; t++) {
                int i = pick.nextInt(in.value().length);
                float orig = in.value()[i];
                float eps = 1e-2f;
                in.value()[i] = orig + eps;
                double plus = run(s, loss, inputs)[0];
                in.value()[i] = orig - eps;
                double minus = run(s, loss, inputs)[0];
                in.value()[i] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.abs(numeric - analytic[i]) / Math.max(1.0, Math.abs(numeric));
                assertThat(err).as("input %d index %d: analytic %s numeric %s", k, i, analytic[i], numeric).isLessThan(tol);
            }
        }
    }

    private static float[] run(Session s, Operand<TFloat32> y, List<Input> inputs) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = s.runner();
            for (Input in : inputs) {
                TFloat32 t = TFloat32.tensorOf(in.shape());
                tensors.add(t);
                t.asRawTensor().data().asFloats().write(in.value());
                r.feed(in.ph(), t);
            }
            try (Result res = r.fetch(y).run()) {
                float[] v = new float[(int) res.get(0).shape().size()];
                res.get(0).asRawTensor().data().asFloats().read(v);
                return v;
            }
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}
