package io.spectratrack.flink.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import io.spectratrack.model.serving.ModelLoadException;
import io.spectratrack.model.serving.ShippedModel;

/**
 * Where the model is and what it says about itself, read on the client without loading
 * TensorFlow (the job graph needs the band count to validate frames before they reach a slot).
 */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * {@code model.dir} naming a model shipped in model-runtime, e.g. {@code shipped:bcrnet-lite-25}
     * for 25-band cameras: every machine finds it in its own classpath (extracted from the jar), so
     * a job needs no copy of the model on shared storage.
     */
    public static final String SHIPPED = "shipped:";

    /**
     * Where the launcher's commands keep untrained exports between runs (under the working
     * directory, like the launcher's other state).
     */
    public static final Path UNTRAINED_CACHE = Path.of(".spectratrack", "models");
    /** Seed of the untrained exports' random weights: the same untrained model on every machine. */
    private static final long UNTRAINED_SEED = 1L;

    /**
     * The folder of the one model {@code configured} names: {@value #SHIPPED}NAME or a SavedModel
     * directory. An empty setting names no single model: the job reads it as the shipped model of
     * each band count ({@link #byBands}), and a tool that needs one model picks it by band count
     * ({@link #shippedOrUntrained}).
     */
    public static Path resolve(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("model.dir is empty: name a SavedModel directory or " + SHIPPED
                    + "NAME (shipped: " + shippedNames() + ")");
        }
        if (configured.startsWith(SHIPPED)) {
            return shipped(configured);
        }
        Path p = Path.of(configured);
        if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("model.dir " + p.toAbsolutePath() + " is not a SavedModel (no saved_model.pb)");
        }
        return p.toAbsolutePath();
    }

    /**
     * The lite model for {@code bands}-band cameras where a model must run whatever is shipped (the
     * demo, the benchmark): the shipped one, else an untrained lite export in {@code cache}
     * ({@link #untrainedLite}). The job and {@code eval} take shipped models only ({@link #byBands}).
     */
    public static Path shippedOrUntrained(int bands, Path cache) {
        try {
            return ShippedModel.liteForBands(bands);
        } catch (ModelLoadException notShipped) {
            return untrainedLite(bands, cache);
        }
    }

    /**
     * An untrained lite SavedModel for {@code bands} in {@code cache}/untrained-lite-BANDS, exported
     * once (random weights from a fixed seed) and reused. Its metadata says it is untrained, so the
     * tracker ignores its maps ({@code ModelMetadata.trained}).
     */
    private static synchronized Path untrainedLite(int bands, Path cache) {
        Path dir = cache.resolve("untrained-lite-" + bands).toAbsolutePath();
        if (Files.isRegularFile(dir.resolve("saved_model.pb"))) return dir;
        try {
            Path tmp = Files.createTempDirectory(Files.createDirectories(dir.getParent()), "export-");
            BcrNetExporter.export(BcrNetConfig.lite(bands), null, UNTRAINED_SEED, "bcrnet-lite-" + bands + "-untrained",
                    tmp.resolve("model"));
            Files.move(tmp.resolve("model"), dir);
            Files.delete(tmp);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot export an untrained lite model to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String shippedNames() {
        StringJoiner names = new StringJoiner(", ");
        ShippedModel.liteByBands().forEach((bands, name) -> names.add(SHIPPED + name + " (" + bands + " bands)"));
        return names.toString();
    }

    /** The folder of the shipped model a {@value #SHIPPED}NAME setting names; an unknown name lists the shipped ones. */
    static Path shipped(String setting) {
        try {
            return ShippedModel.path(setting.substring(SHIPPED.length()));
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException("model.dir " + setting + ": " + e.getMessage() + "; shipped models: " + shippedNames(), e);
        }
    }

    /**
     * The models a job with this {@code model.dir} tracks with, by the band count of the frames
     * each one takes, as {@code model.dir} values. A set {@code model.dir} names one model and
     * takes the frames of its band count (key 0 when its metadata gives none: every frame). An
     * empty one takes every shipped lite model ({@value #SHIPPED}bcrnet-lite-16 for VIS cameras,
     * {@value #SHIPPED}bcrnet-lite-25 for NIR ones), so one job tracks both kinds of camera.
     */
    public static SortedMap<Integer, String> byBands(String configured) {
        SortedMap<Integer, String> out = new TreeMap<>();
        if (configured == null || configured.isBlank()) {
            ShippedModel.liteByBands().forEach((bands, name) -> out.put(bands, SHIPPED + name));
        } else {
            out.put(bands(resolve(configured)), configured);
        }
        return out;
    }

    /** Bands the model tracks, from its metadata file; 0 when the file is absent (then no frame check). */
    public static int bands(Path modelDir) {
        return metadata(modelDir, "bands").asInt(0);
    }

    /**
     * One field of the model's metadata file ({@link BcrNetExporter#METADATA_FILE}), read without
     * loading TensorFlow; a missing node when the file or the field is absent.
     */
    public static JsonNode metadata(Path modelDir, String field) {
        Path meta = modelDir.resolve(BcrNetExporter.METADATA_FILE);
        if (!Files.isRegularFile(meta)) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        try {
            return new ObjectMapper().readTree(Files.readString(meta)).path(field);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable model metadata " + meta + ": " + e.getMessage(), e);
        }
    }
}
