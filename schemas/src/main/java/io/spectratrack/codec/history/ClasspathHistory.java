package io.spectratrack.codec.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema history as shipped in this jar (written by {@code ./spectratrack schemas history}),
 * read once per JVM. Every codec registers the versions of its record from here, so a record any
 * earlier release wrote decodes without a registry server.
 */
public final class ClasspathHistory {
    private ClasspathHistory() {}

    /** Every shipped version of every record, by record name, oldest first. */
    public static List<SchemaVersion> versions() {
        return Loaded.VERSIONS;
    }

    /** The shipped versions of {@code record} (full name), oldest first; empty for a record without history. */
    public static List<SchemaVersion> versionsOf(String record) {
        return Loaded.VERSIONS.stream().filter(v -> v.record().equals(record)).toList();
    }

    /** Lazy holder: the files are read by the first codec, not when this class is merely linked. */
    private static final class Loaded {
        static final List<SchemaVersion> VERSIONS = load(ClasspathHistory.class.getClassLoader());
    }

    static List<SchemaVersion> load(ClassLoader loader) {
        List<SchemaVersion> versions = new ArrayList<>();
        for (String line : read(loader, SchemaHistory.INDEX).split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            String[] col = entry.split("\\s+");
            if (col.length != 4) throw broken("index line '" + entry + "' does not have 4 columns");
            String record = col[0];
            int version = Integer.parseInt(col[1]);
            long fingerprint = Long.parseUnsignedLong(col[2], 16);
            Schema schema = new Schema.Parser().parse(read(loader, SchemaVersion.fileName(record, version)));
            // A hand-edited file would register a schema under another fingerprint than the index
            // claims; refuse it rather than decode old records with a schema they were not written with.
            if (SchemaVersion.fingerprintOf(schema) != fingerprint) {
                throw broken(SchemaVersion.fileName(record, version) + " has fingerprint "
                        + String.format("%016x", SchemaVersion.fingerprintOf(schema)) + ", the index says " + col[2]);
            }
            versions.add(new SchemaVersion(record, version, fingerprint, col[3], schema));
        }
        return List.copyOf(versions);
    }

    private static String read(ClassLoader loader, String file) {
        String resource = SchemaHistory.RESOURCE_DIR + "/" + file;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) throw broken(resource + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static IllegalStateException broken(String why) {
        return new IllegalStateException("schema history is broken: " + why
                + " (regenerate it with ./spectratrack schemas history)");
    }
}
