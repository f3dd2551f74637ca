package io.spectratrack.flink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelFilesTest {

    @Test
    void shippedModelsAreNamedByTheirFolder() {
        assertThat(ModelFiles.bands(ModelFiles.resolve(""))).isEqualTo(16);
        assertThat(ModelFiles.bands(ModelFiles.resolve("shipped:bcrnet-lite-16"))).isEqualTo(16);
        assertThat(ModelFiles.bands(ModelFiles.resolve("shipped:bcrnet-lite-25"))).isEqualTo(25);
    }

    @Test
    void anUnknownShippedNameListsTheShippedModels() {
        assertThatThrownBy(() -> ModelFiles.resolve("shipped:bcrnet-lite-6"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shipped:bcrnet-lite-6")
                .hasMessageContaining("shipped:bcrnet-lite-25 (25 bands)");
    }

    @Test
    void everyTaskManagerOpensTheNamedShippedModel() {
        ModelHost.Spec spec = new ModelHost.Spec("shipped:bcrnet-lite-25", "cpu", 8, 2000);
        assertThat(ModelFiles.bands(spec.path())).isEqualTo(25);
        assertThat(spec.key()).startsWith("shipped:bcrnet-lite-25|")
                .isNotEqualTo(new ModelHost.Spec("", "cpu", 8, 2000).key());
    }

    @Test
    void anEmptyModelDirTracksEachBandCountWithItsShippedModel() {
        assertThat(ModelFiles.byBands("")).containsExactly(
                java.util.Map.entry(16, "shipped:bcrnet-lite-16"), java.util.Map.entry(25, "shipped:bcrnet-lite-25"));
        assertThat(ModelFiles.byBands("shipped:bcrnet-lite-25")).containsExactly(java.util.Map.entry(25, "shipped:bcrnet-lite-25"));
        String dir = ModelFiles.resolve("shipped:bcrnet-lite-16").toString();
        assertThat(ModelFiles.byBands(dir)).containsExactly(java.util.Map.entry(16, dir));
    }
}
