package io.spectratrack.codec.history;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Seeded random generic records of any schema, in the plain representation {@link GenericData}
 * writes (no logical-type conversions). Values lean towards the edges (empty strings and arrays,
 * extreme numbers, non-ASCII text, null branches) where decoders go wrong, and nesting is bounded
 * so recursive types end.
 */
final class RandomRecords {
    private static final int MAX_DEPTH = 4;
    private static final int[] CODE_POINTS = {'a', 'Z', '0', ' ', '-', '_', 0xE9, 0x3BB, 0x65E5, 0x1F6F0};

    private final Random random;

    RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    GenericRecord record(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) throw new IllegalArgumentException(schema.getFullName() + " is not a record");
        return (GenericRecord) value(schema, 0);
    }

    Object value(Schema s, int depth) {
        LogicalType logical = s.getLogicalType();
        if (logical != null) return logicalValue(s, logical.getName());
        return switch (s.getType()) {
            case NULL -> null;
            case BOOLEAN -> random.nextBoolean();
            case INT -> pick(new Integer[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}, random.nextInt());
            case LONG -> pick(new Long[] {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE}, random.nextLong());
            case FLOAT -> pick(new Float[] {0f, -0f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY},
                    (random.nextFloat() - 0.5f) * 1e6f);
            case DOUBLE -> pick(new Double[] {0d, -0d, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY},
                    random.nextGaussian() * 1e9);
            case STRING -> text();
            case BYTES -> ByteBuffer.wrap(bytes(random.nextInt(17)));
            case FIXED -> new GenericData.Fixed(s, bytes(s.getFixedSize()));
            case ENUM -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = size(depth); i > 0; i--) items.add(value(s.getElementType(), depth + 1));
                yield new GenericData.Array<>(s, items);
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (int i = size(depth); i > 0; i--) entries.put(text() + i, value(s.getValueType(), depth + 1));
                yield entries;
            }
            case UNION -> value(branch(s, depth), depth + 1);
            case RECORD -> {
                GenericData.Record r = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) r.put(f.pos(), value(f.schema(), depth + 1));
                yield r;
            }
        };
    }

    /** Values in the range the logical type's Java conversion can hold (a random long is no date). */
    private Object logicalValue(Schema s, String logical) {
        return switch (logical) {
            case "timestamp-millis", "local-timestamp-millis" -> random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L);
            case "timestamp-micros", "local-timestamp-micros" -> random.nextLong(-62_000_000_000_000_000L, 253_000_000_000_000_000L);
            case "timestamp-nanos", "local-timestamp-nanos" -> random.nextLong(-9_000_000_000_000_000_000L, 9_000_000_000_000_000_000L);
            case "date" -> random.nextInt(-700_000, 2_900_000);
            case "time-millis" -> random.nextInt(86_400_000);
            case "time-micros" -> random.nextLong(86_400_000_000L);
            case "uuid" -> UUID.nameUUIDFromBytes(bytes(8)).toString();
            // An unscaled decimal needs at least one byte.
            case "decimal" -> s.getType() == Schema.Type.FIXED ? new GenericData.Fixed(s, bytes(s.getFixedSize()))
                    : ByteBuffer.wrap(bytes(1 + random.nextInt(8)));
            default -> value(Schema.create(s.getType()), MAX_DEPTH);
        };
    }

    /** Null about a third of the time where the union allows it, always at the depth limit. */
    private Schema branch(Schema union, int depth) {
        List<Schema> types = union.getTypes();
        Schema nullBranch = types.stream().filter(t -> t.getType() == Schema.Type.NULL).findFirst().orElse(null);
        if (nullBranch != null && (depth >= MAX_DEPTH || random.nextInt(3) == 0)) return nullBranch;
        return types.get(random.nextInt(types.size()));
    }

    /** 0 to 3 elements, and none at the depth limit. */
    private int size(int depth) {
        return depth >= MAX_DEPTH ? 0 : random.nextInt(4);
    }

    private <V> V pick(V[] edges, V ordinary) {
        return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : ordinary;
    }

    private String text() {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(9); i > 0; i--) b.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
        return b.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
