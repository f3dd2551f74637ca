package io.spectratrack.flink.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectratrack.model.export.BcrNetExporter;
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
     * {@code configured} if set ({@value #SHIPPED}NAME or a SavedModel directory), else the trained
     * 16-band model shipped in model-runtime ({@link ShippedModel}).
     */
    public static Path resolve(String configured) {
        if (configured != null && configured.startsWith(SHIPPED)) {
            return shipped(configured);
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
                throw new IllegalArgumentException("model.dir " + p.toAbsolutePath() + " is not a SavedModel (no saved_model.pb)");
            }
            return p.toAbsolutePath();
        }
        try {
            return ShippedModel.defaultModel();
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException("no model.dir given and " + e.getMessage()
                    + "; export one with `./spectratrack export` and pass model.dir=<dir>", e);
        }
    }

    /** The folder of the shipped model a {@value #SHIPPED}NAME setting names; an unknown name lists the shipped ones. */
    static Path shipped(String setting) {
        try {
            return ShippedModel.path(setting.substring(SHIPPED.length()));
        } catch (ModelLoadException e) {
            StringJoiner names = new StringJoiner(", ");
            ShippedModel.liteByBands().forEach((bands, name) -> names.add(SHIPPED + name + " (" + bands + " bands)"));
            throw new IllegalArgumentException("model.dir " + setting + ": " + e.getMessage() + "; shipped models: " + names, e);
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
        Path meta = modelDir.resolve(BcrNetExporter.METADATA_FILE);
        if (!Files.isRegularFile(meta)) return 0;
        try {
            JsonNode n = new ObjectMapper().readTree(Files.readString(meta));
            return n.path("bands").asInt(0);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable model metadata " + meta + ": " + e.getMessage(), e);
        }
    }
}
