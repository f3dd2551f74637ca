package io.spectratrack.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {
    @Test
    void iouOfHandComputedOverlaps() {
        Box a = new Box(0, 0, 10, 10);
        assertThat(a.iou(a)).isEqualTo(1.0);
        assertThat(a.iou(new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150.0, within(1e-12));
        assertThat(a.iou(new Box(10, 0, 10, 10))).isZero();
        assertThat(a.iou(new Box(0, 0, 0, 0))).isZero();
    }

    @Test
    void centreDistanceAndClipping() {
        assertThat(new Box(0, 0, 10, 10).centreDistance(new Box(3, 4, 10, 10))).isEqualTo(5.0);
        Box clipped = Box.ofCentre(-5, 50, 400, 2).clipTo(100, 80, 10);
        assertThat(clipped.centreX()).isZero();
        assertThat(clipped.centreY()).isEqualTo(50);
        assertThat(clipped.width()).isEqualTo(100);
        assertThat(clipped.height()).isEqualTo(10);
        assertThat(new Box(0, 0, Double.NaN, 3).isValid()).isFalse();
    }
}
