package io.spectratrack.codec.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every version every top-level record has had, and the files that record it: one self-contained
 * {@code <Record>.v<N>.avsc} per version and an {@code index} of them all. Built by feeding it the
 * schema folder's snapshots oldest first; a snapshot that changes only docs or defaults of a record
 * (same parsing fingerprint, so the same bytes on the wire) adds no version.
 */
public final class SchemaHistory {
    /** Name of the index among the history files. */
    public static final String INDEX = "index";
    /** Where the history files live on the classpath (and below src/main/resources). */
    public static final String RESOURCE_DIR = "io/spectratrack/avro/history";

    static final String INDEX_HEADER = """
            # Every version of every top-level record (schemas/src/main/avro/*.avsc), oldest first, one
            # self-contained <Record>.v<N>.avsc beside this file for each. Written by
            # `./spectratrack schemas history` from git and the working tree: do not edit by hand.
            # Columns: record, version, parsing fingerprint (hex), commit it first appeared in
            # (working-tree: exported before it was committed).
            """;

    private final Map<String, List<SchemaVersion>> byRecord = new LinkedHashMap<>();

    /** The history of a repository: all its commits that changed the schemas, then its working tree. */
    public static SchemaHistory of(List<SchemaSnapshot> snapshots) {
        SchemaHistory history = new SchemaHistory();
        snapshots.forEach(history::add);
        return history;
    }

    /** Adds the versions of {@code snapshot} that no earlier snapshot had. */
    public void add(SchemaSnapshot snapshot) {
        SnapshotParser.records(snapshot).forEach((name, schema) -> add(name, schema, snapshot.origin()));
    }

    void add(String record, Schema schema, String origin) {
        List<SchemaVersion> versions = byRecord.computeIfAbsent(record, r -> new ArrayList<>());
        long fp = SchemaVersion.fingerprintOf(schema);
        if (versions.stream().anyMatch(v -> v.fingerprint() == fp)) return;
        versions.add(new SchemaVersion(record, versions.size() + 1, fp, origin, schema));
    }

    /** Every version of every record: by record name, then oldest first. */
    public List<SchemaVersion> versions() {
        return byRecord.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(SchemaVersion::record).thenComparingInt(SchemaVersion::version))
                .toList();
    }

    /** The versions of one record, oldest first; empty for a record the history never saw. */
    public List<SchemaVersion> versionsOf(String record) {
        return List.copyOf(byRecord.getOrDefault(record, List.of()));
    }

    /** The history files by name: the index and one schema file per version, in the index's order. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder(INDEX_HEADER);
        for (SchemaVersion v : versions()) {
            index.append(v.indexLine()).append('\n');
            files.put(v.fileName(), v.schema().toString(true) + "\n");
        }
        files.put(INDEX, index.toString());
        return files;
    }
}
