package io.spectratrack.codec.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Parses one snapshot of the schema folder into its top-level records. Records name shared types
 * ({@code io.spectratrack.avro.BoundingBox}) that are defined in other files, and a shared type
 * may name another one, so files are parsed in rounds: whatever fails for want of a type is tried
 * again once the other files of the round have defined theirs.
 */
public final class SnapshotParser {
    private SnapshotParser() {}

    /** The top-level records of {@code snapshot} by full name, each self-contained (shared types inlined). */
    public static Map<String, Schema> records(SchemaSnapshot snapshot) {
        // Shared types first (they are what the others wait for), then by name, for a stable order.
        List<String> pending = new ArrayList<>(snapshot.files().keySet());
        pending.sort(Comparator.comparing(SchemaSnapshot::isTopLevel).thenComparing(Comparator.naturalOrder()));
        Map<String, Schema> known = new LinkedHashMap<>();
        Map<String, Schema> records = new TreeMap<>();
        Map<String, String> lastError = new TreeMap<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (String file : List.copyOf(pending)) {
                // A fresh parser for each try: a parse that fails half-way leaves the types it had
                // defined in its parser, and the next try would then fail as a redefinition.
                Schema.Parser parser = new Schema.Parser().addTypes(known.values());
                Schema schema;
                try {
                    schema = parser.parse(snapshot.files().get(file));
                } catch (AvroRuntimeException e) {
                    lastError.put(file, e.getMessage());
                    continue;
                }
                NamedTypes.within(schema).forEach(t -> known.putIfAbsent(t.getFullName(), t));
                if (SchemaSnapshot.isTopLevel(file)) records.put(schema.getFullName(), schema);
                pending.remove(file);
                lastError.remove(file);
                progress = true;
            }
        }
        if (!pending.isEmpty()) {
            StringBuilder why = new StringBuilder("schemas of " + label(snapshot) + " do not parse:");
            pending.forEach(f -> why.append("\n  ").append(f).append(": ").append(lastError.get(f)));
            throw new IllegalArgumentException(why.toString());
        }
        return records;
    }

    private static String label(SchemaSnapshot s) {
        return s.origin().equals(SchemaSnapshot.WORKING_TREE) ? "the working tree" : "commit " + s.origin();
    }
}
