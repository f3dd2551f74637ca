package io.spectratrack.codec.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** The named types (records, enums, fixed) a schema defines or uses, itself included. */
final class NamedTypes {
    private NamedTypes() {}

    static List<Schema> within(Schema schema) {
        Map<String, Schema> found = new LinkedHashMap<>();
        collect(schema, found);
        return new ArrayList<>(found.values());
    }

    private static void collect(Schema s, Map<String, Schema> found) {
        switch (s.getType()) {
            case RECORD -> {
                // Checked before the fields: a record may contain itself (a linked list).
                if (found.putIfAbsent(s.getFullName(), s) != null) return;
                s.getFields().forEach(f -> collect(f.schema(), found));
            }
            case ENUM, FIXED -> found.putIfAbsent(s.getFullName(), s);
            case ARRAY -> collect(s.getElementType(), found);
            case MAP -> collect(s.getValueType(), found);
            case UNION -> s.getTypes().forEach(t -> collect(t, found));
            default -> { }
        }
    }
}
