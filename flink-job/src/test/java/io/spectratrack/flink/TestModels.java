package io.spectratrack.flink;

import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real SavedModel for tests: the trained model shipped in model-runtime when it is there,
 * otherwise an untrained lite export (random weights from a fixed seed), made once per JVM.
 */
public final class TestModels {
    public static final int BANDS = 6;
    private static final Map<Integer, Path> EXPORTS = new HashMap<>();

    private TestModels() {}

    public static synchronized Path lite(int bands) {
        return EXPORTS.computeIfAbsent(bands, b -> {
            try {
                Path dir = ScratchDirectory.create("bcrnet-lite-" + b + "-");
                Path out = dir.resolve("model");
                BcrNetExporter.export(BcrNetConfig.lite(b), null, 42L, "lite-untrained-test-" + b, out);
                return out;
            } catch (IOException e) {
                throw new IllegalStateException("cannot export a test model: " + e.getMessage(), e);
            }
        });
    }

    private static Path shipped;

    /**
     * The shipped model when model-runtime has one, else an untrained lite export. Resolved once:
     * a model read from a jar is extracted to a new folder on every call, and the model host
     * shares one model per folder.
     */
    public static synchronized Path lite() {
        if (shipped == null) {
            try {
                shipped = io.spectratrack.model.serving.ShippedModel.defaultModel();
            } catch (RuntimeException none) {
                shipped = lite(BANDS);
            }
        }
        return shipped;
    }
}
