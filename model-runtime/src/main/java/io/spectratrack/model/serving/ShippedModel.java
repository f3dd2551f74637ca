package io.spectratrack.model.serving;

import io.spectratrack.files.ScratchDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The trained models shipped inside this module ({@code src/main/resources/models/<name>/}), as a
 * folder {@link BcrNetModel#load} can open: the resource folder itself when running from classes,
 * otherwise a copy extracted once per JVM to a temp folder (SavedModels cannot be read from a jar).
 */
public final class ShippedModel {

    /** Folder names of the lite models: this prefix and the band count. */
    private static final String LITE = "bcrnet-lite-";
    /** The default model: lite variant, 16 bands (VIS 4x4 mosaic cameras). */
    public static final String LITE_16 = LITE + 16;
    /** Lite variant, 25 bands (NIR 5x5 mosaic cameras): the 16-band model fine-tuned (docs/shipped-model.md). */
    public static final String LITE_25 = LITE + 25;

    private static final List<String> FILES = List.of("saved_model.pb", "spectratrack-model.json",
            "variables/variables.index", "variables/variables.data-00000-of-00001");

    private ShippedModel() {
    }

    /** The lite models shipped, by the band count they track: {@link #LITE_16}, {@link #LITE_25}. */
    public static SortedMap<Integer, String> liteByBands() {
        return new TreeMap<>(Map.of(16, LITE_16, 25, LITE_25));
    }

    /** The folder of the default model. */
    public static Path defaultModel() {
        return path(LITE_16);
    }

    /**
     * The folder of the lite model shipped for cameras with {@code bands} bands ({@link #LITE_16},
     * {@link #LITE_25}); a {@link ModelLoadException} when none is shipped for that band count.
     */
    public static Path liteForBands(int bands) {
        return path(LITE + bands);
    }

    /** The folder of shipped model {@code name}. */
    public static synchronized Path path(String name) {
        String base = "/models/" + name + "/";
        URL pb = ShippedModel.class.getResource(base + "saved_model.pb");
        if (pb == null) {
            throw new ModelLoadException("no shipped model '" + name + "' on the classpath (expected resource " + base + ")");
        }
        try {
            if (pb.getProtocol().equals("file")) {
                return Path.of(pb.toURI()).getParent();
            }
            Path dir = ScratchDirectory.create("spectratrack-" + name + "-");
            for (String f : FILES) {
                try (InputStream in = ShippedModel.class.getResourceAsStream(base + f)) {
                    if (in == null) {
                        throw new ModelLoadException("shipped model '" + name + "' lacks " + f);
                    }
                    Path target = dir.resolve(f);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new ModelLoadException("bad resource URL " + pb, e);
        }
    }
}
