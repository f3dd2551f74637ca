package io.spectratrack.model;

import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Exports each (variant, bands) once per test JVM: exports cost about a second each. */
public final class TestModels {

    private static final Map<String, Path> EXPORTS = new HashMap<>();

    private TestModels() {
    }

    public static synchronized Path lite(int bands) {
        return EXPORTS.computeIfAbsent("lite" + bands, k -> {
            try {
                Path dir = ScratchDirectory.create("bcrnet-" + k + "-").resolve("model");
                BcrNetExporter.export(BcrNetConfig.lite(bands), null, 42, "test-" + k, dir);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static float[] randomCrop(int side, int bands, long seed) {
        Random r = new Random(seed);
        float[] c = new float[side * side * bands];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) r.nextGaussian();
        }
        return c;
    }
}
