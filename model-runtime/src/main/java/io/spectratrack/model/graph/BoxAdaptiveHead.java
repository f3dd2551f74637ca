package io.spectratrack.model.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SiamBAN's Box-Adaptive head for one feature level: depthwise cross-correlation of template and
 * search features, then 3x3 conv + ReLU + 1x1 conv to one classification logit and, separately,
 * to four raw regression values (made positive after level fusion, see {@link BcrNetGraph}).
 */
public final class BoxAdaptiveHead {

    /** Raw per-level maps: cls {@code [M,S,S,1]}, reg {@code [M,S,S,4]}. */
    public record Maps(Operand<TFloat32> cls, Operand<TFloat32> reg) {
    }

    private final Layers l;
    private final Ops tf;
    private final int hidden;

    public BoxAdaptiveHead(Layers layers, int hidden) {
        this.l = layers;
        this.tf = layers.tf();
        this.hidden = hidden;
    }

    public Maps apply(Operand<TFloat32> search, Operand<TFloat32> template, String name) {
        Operand<TFloat32> x = l.xcorrDepthwise(search, template);
        Operand<TFloat32> c = l.relu(l.conv2d(x, name + "_cls1", 3, hidden, 1, 1, "SAME", true));
        c = l.conv2d(c, name + "_cls2", 1, 1, 1, 1, "SAME", true);
        Operand<TFloat32> r = l.relu(l.conv2d(x, name + "_reg1", 3, hidden, 1, 1, "SAME", true));
        r = l.conv2d(r, name + "_reg2", 1, 4, 1, 1, "SAME", true);
        return new Maps(c, r);
    }
}
