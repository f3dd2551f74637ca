package io.spectratrack.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class BcrNetConfigTest {

    @Test
    void paperVariantHasSiamBanGeometry() {
        BcrNetConfig p = BcrNetConfig.paper(16);
        assertThat(p.templateBackboneSize()).isEqualTo(15);
        assertThat(p.searchFeatureSize()).isEqualTo(31);
        assertThat(p.scoreSize()).isEqualTo(25);
        assertThat(p.groups()).isEqualTo(5);
        assertThat(BcrNetConfig.lite(25).groups()).isEqualTo(8);
        assertThat(BcrNetConfig.lite(16).scoreSize()).isEqualTo(9);
    }

    @Test
    void paperGraphBuildsWithTheStaticShapesTheConfigPredicts() {
        BcrNetConfig cfg = BcrNetConfig.paper(16);
        try (Graph g = new Graph()) {
            BcrNetGraph net = new BcrNetGraph(g, cfg);
            Ops tf = net.tf();
            var z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 127, 127, 16)));
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 255, 255, 16)));
            BcrNetGraph.TemplateOut t = net.template(z);
            assertThat(t.features().shape()).isEqualTo(Shape.of(1, 5, 3, 7, 7, 256));
            var order = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1, 16)));
            BcrNetGraph.TrackOut o = net.track(t.features(), order, x);
            assertThat(o.cls().shape()).isEqualTo(Shape.of(1, 5, 25, 25));
            assertThat(o.reg().shape()).isEqualTo(Shape.of(1, 5, 4, 25, 25));
            assertThat(net.params().parameterCount()).isGreaterThan(20_000_000L);
        }
    }

    @Test
    void impossibleGroupCountsAreRejected() {
        assertThatThrownBy(() -> BcrNetConfig.lite(16, 6)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3K");
        assertThatThrownBy(() -> BcrNetConfig.of("huge", 16, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
