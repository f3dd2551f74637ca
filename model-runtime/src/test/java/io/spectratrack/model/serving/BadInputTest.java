package io.spectratrack.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {

    private static BcrNetModel model;
    private static TemplateEmbedding template;

    @BeforeAll
    static void load() {
        model = BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu());
        template = model.template(List.of(TestModels.randomCrop(63, 16, 1))).get(0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void wrongBandCountIsRejectedWithTheBandCountInTheMessage() {
        assertThatThrownBy(() -> model.template(List.of(TestModels.randomCrop(63, 25, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("25 bands").hasMessageContaining("16");
        assertThatThrownBy(() -> model.track(List.of(template), List.of(TestModels.randomCrop(127, 15, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 bands");
    }

    @Test
    void wrongCropSizeIsRejected() {
        assertThatThrownBy(() -> model.track(List.of(template), List.of(TestModels.randomCrop(120, 16, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127x127x16");
    }

    @Test
    void nanAndInfinityAreRejected() {
        float[] crop = TestModels.randomCrop(127, 16, 1);
        crop[100] = Float.NaN;
        assertThatThrownBy(() -> model.track(List.of(template), List.of(crop)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
        float[] t = TestModels.randomCrop(63, 16, 1);
        t[3] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> model.template(List.of(t))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mismatchedTemplatesAreRejected() {
        assertThatThrownBy(() -> model.track(List.of(template, template), List.of(TestModels.randomCrop(127, 16, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 templates for 1");
        TemplateEmbedding bad = new TemplateEmbedding(new float[10], template.featureShape(), template.bandImportance(), template.bandOrder());
        assertThatThrownBy(() -> model.track(List.of(bad), List.of(TestModels.randomCrop(127, 16, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature values");
        int[] order = template.bandOrder().clone();
        order[0] = 99;
        TemplateEmbedding badOrder = new TemplateEmbedding(template.features(), template.featureShape(), template.bandImportance(), order);
        assertThatThrownBy(() -> model.track(List.of(badOrder), List.of(TestModels.randomCrop(127, 16, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("band 99");
        assertThatThrownBy(() -> model.template(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDirectoryThatIsNotASavedModelGivesAModelLoadException(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BcrNetModel.load(dir.resolve("missing"), DeviceConfig.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> BcrNetModel.load(dir, DeviceConfig.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a SavedModel");
        Files.writeString(dir.resolve("saved_model.pb"), "garbage");
        assertThatThrownBy(() -> BcrNetModel.load(dir, DeviceConfig.cpu())).isInstanceOf(ModelLoadException.class);
    }

    @Test
    void anotherVariantIsRejected() {
        assertThatThrownBy(() -> BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu(), "paper"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("variant 'lite'");
    }

    @Test
    void askingForAGpuWhereThereIsNoneIsAClearError() {
        // the CPU native build is on the test classpath: no GPU can be placed
        assertThatThrownBy(() -> BcrNetModel.load(TestModels.lite(16), DeviceConfig.parse("gpu:0")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("gpu:0");
        try (BcrNetModel m = BcrNetModel.load(TestModels.lite(16), DeviceConfig.parse("auto"))) {
            assertThat(m.device()).isEqualTo("cpu");
        }
    }

    @Test
    void deviceStringsAreValidated() {
        assertThatThrownBy(() -> DeviceConfig.parse("tpu")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DeviceConfig.parse("GPU:1").gpuIndex()).isEqualTo(1);
    }

    @Test
    void aClosedModelRefusesCallsInsteadOfCrashing() {
        BcrNetModel m = BcrNetModel.load(TestModels.lite(16), DeviceConfig.cpu());
        m.close();
        assertThatThrownBy(() -> m.template(List.of(TestModels.randomCrop(63, 16, 1)))).isInstanceOf(IllegalStateException.class);
        m.close();
    }
}
