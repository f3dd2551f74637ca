package io.spectratrack.flink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.model.serving.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @Test
    void shippedModelsAreNamedByTheirFolder() {
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
                .isNotEqualTo(new ModelHost.Spec("shipped:bcrnet-lite-16", "cpu", 8, 2000).key());
    }

    @Test
    void anEmptySettingNamesNoSingleModel() {
        // Empty means "the shipped model of each band count" (byBands): no code path may quietly
        // read it as the 16-band model and then track 25-band frames with it.
        assertThatThrownBy(() -> ModelFiles.resolve(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.dir is empty")
                .hasMessageContaining("shipped:bcrnet-lite-25 (25 bands)");
        assertThatThrownBy(() -> new ModelHost.Spec("", "cpu", 8, 2000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty model.dir");
    }

    @Test
    void toolsTakeTheShippedModelForTheirBandCountElseAnUntrainedExport(@TempDir Path cache) throws Exception {
        assertThat(ModelFiles.bands(ModelFiles.shippedOrUntrained(25, cache))).isEqualTo(25);
        assertThat(ModelFiles.bands(ModelFiles.shippedOrUntrained(16, cache))).isEqualTo(16);
        assertThat(cache).isEmptyDirectory();

        Path untrained = ModelFiles.shippedOrUntrained(9, cache);
        assertThat(untrained).startsWith(cache);
        assertThat(ModelFiles.bands(untrained)).isEqualTo(9);
        assertThat(ModelMetadata.trainedWeights(ModelFiles.metadata(untrained, "weights").asText("")))
                .as("an untrained export says so in its metadata").isFalse();
        // Exported once: the second call reuses the folder.
        long written = Files.getLastModifiedTime(untrained.resolve("saved_model.pb")).toMillis();
        assertThat(ModelFiles.shippedOrUntrained(9, cache)).isEqualTo(untrained);
        assertThat(Files.getLastModifiedTime(untrained.resolve("saved_model.pb")).toMillis()).isEqualTo(written);
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
