package io.spectratrack.model.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Every trainable weight of the graph. Variables are created with a shape only and filled by
 * {@code assign} from a placeholder (tfjava.md: weights as Java constants get baked into the
 * GraphDef). Names are flat ({@code bb_l0_w}), never containing '/', which breaks Adam's slots.
 */
public final class ParamStore {

    /** How a weight starts before training. */
    public enum Init { HE, GLOROT, ZEROS, ONES, SMALL }

    /** One weight: its variable plus the placeholder/assign pair that sets it. */
    public record Param(String name, long[] shape, Init init, long fanIn, long fanOut, Variable<TFloat32> variable,
                        Placeholder<TFloat32> feed, Assign<TFloat32> assign) {
        public int size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return (int) n;
        }
    }

    private final Ops tf;
    private final Map<String, Param> params = new LinkedHashMap<>();

    public ParamStore(Ops tf) {
        this.tf = tf;
    }

    /** Gets the weight named {@code name}, creating it on first use (template and track share weights). */
    public Variable<TFloat32> get(String name, Init init, long fanIn, long fanOut, long... shape) {
        Param p = params.get(name);
        if (p != null) {
            return p.variable();
        }
        if (name.contains("/")) {
            throw new IllegalArgumentException("weight names must not contain '/': " + name);
        }
        Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> ph = tf.withName(name + "_feed").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> as = tf.withName(name + "_assign").assign(v, ph);
        params.put(name, new Param(name, shape.clone(), init, fanIn, fanOut, v, ph, as));
        return v;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(new ArrayList<>(params.values()));
    }

    public long parameterCount() {
        return params.values().stream().mapToLong(Param::size).sum();
    }

    /** Deterministic initial values for every weight from {@code seed} (same seed, same weights). */
    public Map<String, float[]> initialValues(long seed) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : params.values()) {
            Random r = new Random(seed * 1_000_003L + p.name().hashCode());
            float[] v = new float[p.size()];
            switch (p.init()) {
                case ZEROS -> { }
                case ONES -> java.util.Arrays.fill(v, 1f);
                case HE -> fillNormal(r, v, Math.sqrt(2.0 / Math.max(1, p.fanIn())));
                case GLOROT -> fillNormal(r, v, Math.sqrt(2.0 / Math.max(1, p.fanIn() + p.fanOut())));
                case SMALL -> fillNormal(r, v, 0.01);
            }
            out.put(p.name(), v);
        }
        return out;
    }

    private static void fillNormal(Random r, float[] v, double std) {
        for (int i = 0; i < v.length; i++) {
            // truncated at 2 std, as Keras' initialisers do
            double g;
            do {
                g = r.nextGaussian();
            } while (Math.abs(g) > 2);
            v[i] = (float) (g * std);
        }
    }

    /** Assigns every weight from {@code values} (all names must be present, shapes must match). */
    public void assign(Session session, Map<String, float[]> values) {
        List<Param> all = new ArrayList<>(params.values());
        // feed in chunks: one huge run would hold every tensor at once
        int chunk = 32;
        for (int from = 0; from < all.size(); from += chunk) {
            List<Param> part = all.subList(from, Math.min(all.size(), from + chunk));
            List<TFloat32> tensors = new ArrayList<>();
            try {
                Session.Runner runner = session.runner();
                for (Param p : part) {
                    float[] v = values.get(p.name());
                    if (v == null) {
                        throw new IllegalArgumentException("no value for weight " + p.name());
                    }
                    if (v.length != p.size()) {
                        throw new IllegalArgumentException("weight " + p.name() + " has " + v.length
                                + " values, the graph wants " + p.size() + " " + java.util.Arrays.toString(p.shape()));
                    }
                    TFloat32 t = TFloat32.tensorOf(Shape.of(p.shape()));
                    tensors.add(t);
                    t.asRawTensor().data().asFloats().write(v);
                    runner.feed(p.feed(), t).addTarget(p.assign());
                }
                runner.run();
            } finally {
                tensors.forEach(TFloat32::close);
            }
        }
    }

    /** Reads every weight's current value out of the session. */
    public Map<String, float[]> read(Session session) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : params.values()) {
            Session.Runner runner = session.runner().fetch(p.variable());
            try (var result = runner.run()) {
                TFloat32 t = (TFloat32) result.get(0);
                float[] v = new float[p.size()];
                t.asRawTensor().data().asFloats().read(v);
                out.put(p.name(), v);
            }
        }
        return out;
    }
}
