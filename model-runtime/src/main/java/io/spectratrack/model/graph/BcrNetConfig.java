package io.spectratrack.model.graph;

import java.util.List;

/**
 * One BCR-Net variant as data (style.md: variants are parameter objects, not forks of the code).
 * Every size the graph, the exporter and the trainer need has its one home here.
 *
 * @param variant              "lite" or "paper"
 * @param bands                spectral bands B of every crop
 * @param groups               K three-band false-colour branches (default floor(B/3))
 * @param templateSize         template crop side (pixels)
 * @param searchSize           search crop side (pixels)
 * @param stride               backbone stride at the feature levels
 * @param templateFeatureSize  template feature side after the centre crop (SiamBAN: 7)
 * @param bimm                 band importance module sizes
 * @param backbone             backbone layout
 * @param adjustChannels       channels after each level's adjust layer (shared by CFRM and head)
 * @param headChannels         hidden channels of the Box-Adaptive head
 * @param regScale             regression distance = regScale * exp(clip(0.1 x, -4, 4)) pixels
 */
public record BcrNetConfig(String variant, int bands, int groups, int templateSize, int searchSize, int stride,
                           int templateFeatureSize, BimmSpec bimm, BackboneSpec backbone, int adjustChannels,
                           int headChannels, float regScale) {

    /** Bumped when the graph layout changes in a way old weights cannot follow. */
    public static final int GRAPH_VERSION = 1;

    public BcrNetConfig {
        if (bands < 3) {
            throw new IllegalArgumentException("BCR-Net needs at least 3 bands, got " + bands);
        }
        if (groups < 1 || 3 * groups > bands) {
            throw new IllegalArgumentException("groups K=" + groups + " needs 3K <= bands (" + bands + ")");
        }
    }

    /** BIMM sizes: 3-D conv encoder channels (each layer halves H and W), pooling, refinement. */
    public record BimmSpec(int inputPool, List<Integer> encoderChannels, int cemReduction, int refineHidden,
                           int reconstructionSide, float l1Weight) {
    }

    /** The backbone: either a plain conv stack or a ResNet-50-style bottleneck net. */
    public sealed interface BackboneSpec permits PlainBackbone, ResNetBackbone {
        /** Channels of the three feature levels (conv3, conv4, conv5 style). */
        List<Integer> levelChannels();
    }

    /**
     * A plain stack of 3x3 convs with ReLU. Layers with dilation > 1 keep the resolution (atrous,
     * SAME); the others use VALID padding and their stride. {@code levels} names the layer indices
     * whose outputs are the three feature levels.
     */
    public record PlainBackbone(List<ConvLayer> layers, List<Integer> levels) implements BackboneSpec {
        @Override
        public List<Integer> levelChannels() {
            return levels.stream().map(i -> layers.get(i).channels()).toList();
        }
    }

    public record ConvLayer(int kernel, int channels, int stride, int dilation) {
    }

    /**
     * ResNet-50-style: 7x7/2 stem (VALID), 3x3/2 max pool (VALID), four bottleneck stages
     * ({@code blocks}, width {@code widths}, expansion 4); stage 2 has stride 2; stages 3 and 4 keep
     * the resolution with dilation 2 and 4 (SiamBAN/SiamRPN++ atrous ResNet). Levels: stages 2, 3, 4.
     */
    public record ResNetBackbone(int stemChannels, List<Integer> blocks, List<Integer> widths, List<Integer> dilations)
            implements BackboneSpec {
        @Override
        public List<Integer> levelChannels() {
            return List.of(widths.get(1) * 4, widths.get(2) * 4, widths.get(3) * 4);
        }
    }

    /** Side of the score map: (search - template) / stride + 1. */
    public int scoreSize() {
        return (searchFeatureSize() - templateFeatureSize) + 1;
    }

    /** Side of the template backbone features before the centre crop. */
    public int templateBackboneSize() {
        return featureSize(templateSize);
    }

    /** Side of the search backbone features. */
    public int searchFeatureSize() {
        return featureSize(searchSize);
    }

    /** Backbone output side for an input side (all three levels share it). */
    public int featureSize(int input) {
        if (backbone instanceof PlainBackbone p) {
            int s = input;
            for (ConvLayer l : p.layers()) {
                if (l.dilation() == 1) {
                    s = (s - l.kernel()) / l.stride() + 1;
                }
            }
            return s;
        }
        int s = (input - 7) / 2 + 1; // stem VALID
        s = (s - 3) / 2 + 1;         // max pool VALID
        return (s + 1) / 2;          // stage 2, stride 2 SAME
    }

    public int levels() {
        return 3;
    }

    /**
     * The light variant for real-time tracking on 2 CPU cores: template 63, search 127, stride 8,
     * 9x9 score maps, a five-layer plain backbone (three stride-2 VALID convs, then dilation 2 and 4).
     */
    public static BcrNetConfig lite(int bands) {
        return lite(bands, bands / 3);
    }

    public static BcrNetConfig lite(int bands, int groups) {
        PlainBackbone bb = new PlainBackbone(List.of(
                new ConvLayer(3, 16, 2, 1),
                new ConvLayer(3, 32, 2, 1),
                new ConvLayer(3, 48, 2, 1),   // level 1 ("conv3")
                new ConvLayer(3, 48, 1, 2),   // level 2 ("conv4"), atrous
                new ConvLayer(3, 64, 1, 4)),  // level 3 ("conv5"), atrous
                List.of(2, 3, 4));
        BimmSpec bimm = new BimmSpec(2, List.of(8, 16), 4, 32, 16, 1e-3f);
        return new BcrNetConfig("lite", bands, groups, 63, 127, 8, 7, bimm, bb, 32, 32, 16f);
    }

    /** The paper's variant: ResNet-50 atrous backbone, 127/255 crops, stride 8, 25x25 maps. For GPUs. */
    public static BcrNetConfig paper(int bands) {
        return paper(bands, bands / 3);
    }

    public static BcrNetConfig paper(int bands, int groups) {
        ResNetBackbone bb = new ResNetBackbone(64, List.of(3, 4, 6, 3), List.of(64, 128, 256, 512), List.of(1, 1, 2, 4));
        BimmSpec bimm = new BimmSpec(1, List.of(16, 32, 32), 4, 64, 16, 1e-3f);
        return new BcrNetConfig("paper", bands, groups, 127, 255, 8, 7, bimm, bb, 256, 256, 32f);
    }

    /** The named variant for the CLI. */
    public static BcrNetConfig of(String variant, int bands, Integer groups) {
        int k = groups == null ? bands / 3 : groups;
        return switch (variant) {
            case "lite" -> lite(bands, k);
            case "paper" -> paper(bands, k);
            default -> throw new IllegalArgumentException("unknown variant '" + variant + "' (lite or paper)");
        };
    }
}
