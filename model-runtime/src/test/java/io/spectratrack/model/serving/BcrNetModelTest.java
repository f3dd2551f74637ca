package io.spectratrack.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spectratrack.model.TestModels;
import io.spectratrack.model.graph.BcrNetGraph;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class BcrNetModelTest {

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 25})
    void templateAndTrackHaveTheShapesTheMetadataPromises(int bands) {
        try (BcrNetModel m = BcrNetModel.load(TestModels.lite(bands), DeviceConfig.cpu())) {
            ModelMetadata md = m.metadata();
            assertThat(md.bands()).isEqualTo(bands);
            assertThat(md.groups()).isEqualTo(bands / 3);
            assertThat(md.variant()).isEqualTo("lite");
            int s = md.scoreSize();
            assertThat(s).isEqualTo((md.searchSize() - md.templateSize()) / md.stride() + 1);

            List<TemplateEmbedding> t = m.template(List.of(TestModels.randomCrop(md.templateSize(), bands, 1),
                    TestModels.randomCrop(md.templateSize(), bands, 2)));
            assertThat(t).hasSize(2);
            TemplateEmbedding e = t.get(0);
            assertThat(e.featureShape()[0]).isEqualTo(md.groups());
            assertThat(e.features()).hasSize(Arrays.stream(e.featureShape()).reduce(1, (a, b) -> a * b));
            assertThat(e.bandImportance()).hasSize(bands);
            assertAll(e.bandImportance(), v -> v >= 0);
            assertThat(Arrays.stream(e.bandOrder()).sorted().toArray()).isEqualTo(IntStream.range(0, bands).toArray());
            // the order ranks bands by decreasing importance
            for (int i = 1; i < bands; i++) {
                assertThat(e.bandImportance()[e.bandOrder()[i - 1]]).isGreaterThanOrEqualTo(e.bandImportance()[e.bandOrder()[i]]);
            }

            List<TrackOutput> out = m.track(t, List.of(TestModels.randomCrop(md.searchSize(), bands, 3),
                    TestModels.randomCrop(md.searchSize(), bands, 4)));
            assertThat(out).hasSize(2);
            TrackOutput o = out.get(1);
            assertThat(o.cls()).hasNumberOfRows(md.groups());
            assertThat(o.cls()[0]).hasSize(s * s);
            assertThat(o.reg()[0]).hasSize(4 * s * s);
            assertAll(o.reg()[0], v -> v > 0 && Float.isFinite(v));
            assertThat(o.bandImportance()).hasSize(bands);
            assertAll(o.bandImportance(), v -> v >= 0);
            assertThat(o.branchWeights()).hasSize(md.groups());
            assertAll(o.branchWeights(), v -> v >= 0);
            double sum = 0;
            for (float w : o.branchWeights()) {
                sum += w;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void bandMatrixIsNonNegativeWithZeroDiagonal() {
        int bands = 16;
        try (SavedModelBundle b = SavedModelBundle.loader(TestModels.lite(bands).toString()).withTags("serve").load();
             TFloat32 crops = TFloat32.tensorOf(Shape.of(3, 63, 63, bands))) {
            float[] all = new float[3 * 63 * 63 * bands];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(TestModels.randomCrop(63, bands, 10 + i), 0, all, i * 63 * 63 * bands, 63 * 63 * bands);
            }
            crops.asRawTensor().data().asFloats().write(all);
            try (Result r = b.session().runner().feed(BcrNetGraph.TEMPLATE_CROPS, crops).fetch(BcrNetGraph.TEMPLATE_BAND_MATRIX)
                    .fetch(BcrNetGraph.TEMPLATE_RECONSTRUCTION).run()) {
                float[] c = new float[3 * bands * bands];
                r.get(0).asRawTensor().data().asFloats().read(c);
                assertThat(r.get(0).shape()).isEqualTo(Shape.of(3, bands, bands));
                for (int n = 0; n < 3; n++) {
                    for (int i = 0; i < bands; i++) {
                        for (int j = 0; j < bands; j++) {
                            float v = c[(n * bands + i) * bands + j];
                            assertThat(v).isGreaterThanOrEqualTo(0f);
                            if (i == j) {
                                assertThat(v).isZero();
                            }
                        }
                    }
                }
                float[] rec = new float[3];
                r.get(1).asRawTensor().data().asFloats().read(rec);
                assertAll(rec, v -> v >= 0 && Float.isFinite(v));
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        try (BcrNetModel m = BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu())) {
            ModelMetadata md = m.metadata();
            TemplateEmbedding t = m.template(List.of(TestModels.randomCrop(md.templateSize(), 16, 5))).get(0);
            float[] search = TestModels.randomCrop(md.searchSize(), 16, 6);
            float[] expected = m.track(List.of(t), List.of(search)).get(0).cls()[0];
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                var futures = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> m.track(List.of(t), List.of(search)).get(0).cls()[0])).toList();
                for (var f : futures) {
                    assertThat(f.get()).containsExactly(expected);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void batchedTrackEqualsOneTargetAtATime() {
        try (BcrNetModel m = BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu())) {
            ModelMetadata md = m.metadata();
            List<TemplateEmbedding> t = m.template(List.of(TestModels.randomCrop(63, 16, 7), TestModels.randomCrop(63, 16, 8)));
            List<float[]> s = List.of(TestModels.randomCrop(md.searchSize(), 16, 9), TestModels.randomCrop(md.searchSize(), 16, 10));
            List<TrackOutput> both = m.track(t, s);
            TrackOutput second = m.track(List.of(t.get(1)), List.of(s.get(1))).get(0);
            for (int k = 0; k < md.groups(); k++) {
                float[] a = both.get(1).cls()[k];
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).isCloseTo(second.cls()[k][i], within(1e-4f));
                }
            }
        }
    }

    interface FloatCheck {
        boolean ok(float v);
    }

    static void assertAll(float[] values, FloatCheck check) {
        for (int i = 0; i < values.length; i++) {
            assertThat(check.ok(values[i])).as("value %d = %s", i, values[i]).isTrue();
        }
    }

    @Test
    void cellCentreFollowsTheSiamBanMapping() {
        ModelMetadata md = new ModelMetadata("x", "lite", 16, 63, 127, 8, 9, 5);
        assertThat(md.cellCentre(4 * 9 + 4)).containsExactly(63.5, 63.5);
        assertThat(md.cellCentre(0)).containsExactly(63.5 - 32, 63.5 - 32);
        assertThat(md.cellCentre(9 * 9 - 1)).containsExactly(63.5 + 32, 63.5 + 32);
    }

    @Test
    void contextSideIsSiamFcsWithTheModelsFloor() {
        ModelMetadata plain = new ModelMetadata("x", "lite", 16, 63, 127, 8, 9, 5);
        ModelMetadata floored = new ModelMetadata("y", "lite", 16, 63, 127, 8, 9, 5, 32);
        // 10 x 10 box, a = 1/2: p = 10, sqrt(20 * 20) = 20.
        assertThat(plain.contextSide(10, 10, ModelMetadata.SIAMFC_CONTEXT)).isEqualTo(20);
        assertThat(floored.contextSide(10, 10, ModelMetadata.SIAMFC_CONTEXT)).isEqualTo(32);
        // 40 x 10: p = 25, sqrt(65 * 35) > 32, the floor does not apply.
        assertThat(floored.contextSide(40, 10, 0.5)).isCloseTo(Math.sqrt(65 * 35), org.assertj.core.api.Assertions.within(1e-9));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModelMetadata("z", "lite", 16, 63, 127, 8, 9, 5, -1))
                .hasMessageContaining("minContextSide");
    }
}
