package io.spectratrack.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.model.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShippedModelTest {

    @Test
    void theDefaultModelLoadsAndTracks() {
        try (BcrNetModel m = BcrNetModel.load(ShippedModel.defaultModel(), DeviceConfig.cpu(), "lite")) {
            assertThat(m.metadata().bands()).isEqualTo(16);
            TemplateEmbedding t = m.template(List.of(TestModels.randomCrop(m.metadata().templateSize(), 16, 1))).get(0);
            assertThat(m.track(List.of(t), List.of(TestModels.randomCrop(m.metadata().searchSize(), 16, 2)))).hasSize(1);
        }
    }

    @Test
    void aTrainedModelIsShippedForTwentyFiveBandCameras() {
        try (BcrNetModel m = BcrNetModel.load(ShippedModel.liteForBands(25), DeviceConfig.cpu(), "lite")) {
            assertThat(m.metadata().bands()).isEqualTo(25);
            assertThat(m.metadata().trained()).as("weights from training, not a random initialisation").isTrue();
            TemplateEmbedding t = m.template(List.of(TestModels.randomCrop(m.metadata().templateSize(), 25, 1))).get(0);
            assertThat(m.track(List.of(t), List.of(TestModels.randomCrop(m.metadata().searchSize(), 25, 2)))).hasSize(1);
        }
        assertThatThrownBy(() -> ShippedModel.liteForBands(6)).isInstanceOf(ModelLoadException.class).hasMessageContaining("bcrnet-lite-6");
    }

    @Test
    void anUnknownModelNameIsAClearError() {
        assertThatThrownBy(() -> ShippedModel.path("nope")).isInstanceOf(ModelLoadException.class).hasMessageContaining("nope");
    }
}
