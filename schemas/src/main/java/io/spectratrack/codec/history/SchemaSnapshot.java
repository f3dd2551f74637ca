package io.spectratrack.codec.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The schema folder as it was at one point: every {@code .avsc} under {@code schemas/src/main/avro},
 * keyed by its path below that folder ({@code TrackUpdate.avsc}, {@code common/BoundingBox.avsc}).
 *
 * @param origin the full hash of the commit it was read from, or {@link #WORKING_TREE}
 */
public record SchemaSnapshot(String origin, Map<String, String> files) {
    /** Where the schemas live, relative to the repository root. */
    public static final String AVRO_DIR = "schemas/src/main/avro";
    /** Origin of the files on disk, which may hold a version no commit has yet. */
    public static final String WORKING_TREE = "working-tree";

    public SchemaSnapshot {
        files = Map.copyOf(files);
    }

    /** The schemas on disk under {@code avroDir}. */
    public static SchemaSnapshot ofDirectory(Path avroDir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(avroDir)) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".avsc") && Files.isRegularFile(f)).toList()) {
                files.put(avroDir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schemas under " + avroDir, e);
        }
        return new SchemaSnapshot(WORKING_TREE, files);
    }

    /** A top-level record's file: directly in the schema folder, not among the shared types below it. */
    static boolean isTopLevel(String file) {
        return !file.contains("/");
    }
}
