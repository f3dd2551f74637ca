package io.spectratrack.model.graph;

import io.spectratrack.model.graph.BcrNetConfig.BackboneSpec;
import io.spectratrack.model.graph.BcrNetConfig.ConvLayer;
import io.spectratrack.model.graph.BcrNetConfig.PlainBackbone;
import io.spectratrack.model.graph.BcrNetConfig.ResNetBackbone;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The shared backbone (bcrnet.md "Backbone and CFRM"): three feature levels at one resolution,
 * later stages dilated instead of strided (SiamBAN atrous). Shared by every branch and by template
 * and search. Input: false-colour images {@code [M,H,W,3]}.
 */
public final class Backbone {

    private final Layers l;
    private final Ops tf;
    private final BackboneSpec spec;

    public Backbone(Layers layers, BackboneSpec spec) {
        this.l = layers;
        this.tf = layers.tf();
        this.spec = spec;
    }

    /** The three feature levels, each {@code [M,h,w,C_level]}. */
    public List<Operand<TFloat32>> apply(Operand<TFloat32> images) {
        if (spec instanceof PlainBackbone p) {
            return plain(images, p);
        }
        return resnet(images, (ResNetBackbone) spec);
    }

    private List<Operand<TFloat32>> plain(Operand<TFloat32> x, PlainBackbone p) {
        List<Operand<TFloat32>> levels = new ArrayList<>();
        for (int i = 0; i < p.layers().size(); i++) {
            ConvLayer c = p.layers().get(i);
            String pad = c.dilation() == 1 ? "VALID" : "SAME";
            x = l.relu(l.conv2d(x, "bb_l" + i, c.kernel(), c.channels(), c.stride(), c.dilation(), pad, true));
            if (p.levels().contains(i)) {
                levels.add(x);
            }
        }
        return levels;
    }

    private List<Operand<TFloat32>> resnet(Operand<TFloat32> x, ResNetBackbone r) {
        x = l.relu(l.affine(l.conv2d(x, "rn_stem", 7, r.stemChannels(), 2, 1, "VALID", false), "rn_stem_bn"));
        x = tf.nn.maxPool(x, l.ints(1, 3, 3, 1), l.ints(1, 2, 2, 1), "VALID");
        List<Operand<TFloat32>> levels = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int width = r.widths().get(s);
            int dilation = r.dilations().get(s);
            for (int b = 0; b < r.blocks().get(s); b++) {
                int stride = (s == 1 && b == 0) ? 2 : 1;
                x = bottleneck(x, "rn_s" + s + "b" + b, width, stride, dilation, b == 0);
            }
            if (s >= 1) {
                levels.add(x);
            }
        }
        return levels;
    }

    /** ResNet bottleneck 1x1 -> 3x3 (stride or dilation) -> 1x1 x4, projection shortcut on the first block. */
    private Operand<TFloat32> bottleneck(Operand<TFloat32> x, String name, int width, int stride, int dilation, boolean project) {
        Operand<TFloat32> y = l.relu(l.affine(l.conv2d(x, name + "_c1", 1, width, 1, 1, "SAME", false), name + "_bn1"));
        y = l.relu(l.affine(l.conv2d(y, name + "_c2", 3, width, stride, dilation, "SAME", false), name + "_bn2"));
        y = l.affine(l.conv2d(y, name + "_c3", 1, width * 4, 1, 1, "SAME", false), name + "_bn3");
        Operand<TFloat32> shortcut = x;
        if (project) {
            shortcut = l.affine(l.conv2d(x, name + "_sc", 1, width * 4, stride, 1, "SAME", false), name + "_bnsc");
        }
        return l.relu(tf.math.add(y, shortcut));
    }
}
