package io.spectratrack.codec.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Whether a record read under one schema carries the values written under another: every field
 * the two schemas share (by name, or by a reader alias), at any depth, must hold the written value
 * after Avro's promotions (int to long, float to double...). Enums and strings compare by text.
 * Fields only one side knows are not compared: the reader's take their defaults.
 */
final class WrittenValues {
    private WrittenValues() {}

    /** Each field whose value did not survive, as {@code path: wrote X, read Y}; empty when all did. */
    static List<String> differences(Schema writer, Object written, Schema reader, Object read) {
        List<String> out = new ArrayList<>();
        compare("", writer, written, reader, read, out);
        return out;
    }

    private static void compare(String path, Schema writer, Object written, Schema reader, Object read, List<String> out) {
        Schema w = branch(writer, written);
        Schema r = branch(reader, read);
        if (r == null) {
            out.add(path + ": wrote " + show(written) + ", read " + show(read) + ", which is of no branch of " + reader);
            return;
        }
        switch (r.getType()) {
            case RECORD -> {
                if (!(written instanceof IndexedRecord wr) || !(read instanceof IndexedRecord rr)) {
                    mismatch(path, written, read, out);
                    return;
                }
                for (Schema.Field wf : w.getFields()) {
                    Schema.Field rf = readerField(r, wf.name());
                    if (rf != null) {
                        compare(path + "." + wf.name(), wf.schema(), wr.get(wf.pos()), rf.schema(), rr.get(rf.pos()), out);
                    }
                }
            }
            case ARRAY -> {
                List<?> wl = (List<?>) written;
                List<?> rl = (List<?>) read;
                if (wl.size() != rl.size()) {
                    out.add(path + ": wrote " + wl.size() + " elements, read " + rl.size());
                    return;
                }
                Iterator<?> wi = wl.iterator();
                Iterator<?> ri = rl.iterator();
                for (int i = 0; wi.hasNext(); i++) {
                    compare(path + "[" + i + "]", w.getElementType(), wi.next(), r.getElementType(), ri.next(), out);
                }
            }
            case MAP -> {
                Map<String, Object> wm = byText((Map<?, ?>) written);
                Map<String, Object> rm = byText((Map<?, ?>) read);
                if (!wm.keySet().equals(rm.keySet())) {
                    out.add(path + ": wrote keys " + wm.keySet() + ", read " + rm.keySet());
                    return;
                }
                wm.forEach((k, v) -> compare(path + "{" + k + "}", w.getValueType(), v, r.getValueType(), rm.get(k), out));
            }
            case INT, LONG -> {
                if (!(read instanceof Number rn) || ((Number) written).longValue() != rn.longValue()) mismatch(path, written, read, out);
            }
            case FLOAT -> {
                if (!(read instanceof Number rn) || Float.compare(((Number) written).floatValue(), rn.floatValue()) != 0) {
                    mismatch(path, written, read, out);
                }
            }
            case DOUBLE -> {
                if (!(read instanceof Number rn) || Double.compare(((Number) written).doubleValue(), rn.doubleValue()) != 0) {
                    mismatch(path, written, read, out);
                }
            }
            case STRING, ENUM -> {
                if (read == null || !text(written).equals(text(read))) mismatch(path, written, read, out);
            }
            case BYTES, FIXED -> {
                if (read == null || !Arrays.equals(bytes(written), bytes(read))) mismatch(path, written, read, out);
            }
            case BOOLEAN, NULL -> {
                if (written == null ? read != null : !written.equals(read)) mismatch(path, written, read, out);
            }
        }
    }

    /** The union's branch that holds {@code value} (the schema itself if no union), null if none does. */
    private static Schema branch(Schema s, Object value) {
        if (s.getType() != Schema.Type.UNION) return s;
        try {
            return s.getTypes().get(GenericData.get().resolveUnion(s, value));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The reader's field for a writer field: same name, or the name among the reader field's aliases. */
    private static Schema.Field readerField(Schema reader, String name) {
        Schema.Field f = reader.getField(name);
        if (f != null) return f;
        return reader.getFields().stream().filter(rf -> rf.aliases().contains(name)).findFirst().orElse(null);
    }

    private static Map<String, Object> byText(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    /** Avro reads bytes as a string and back (UTF-8), so either side may be either. */
    private static String text(Object v) {
        return v instanceof ByteBuffer b ? new String(bytes(b), StandardCharsets.UTF_8) : v.toString();
    }

    private static byte[] bytes(Object v) {
        if (v instanceof GenericFixed f) return f.bytes();
        if (v instanceof ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void mismatch(String path, Object written, Object read, List<String> out) {
        out.add(path + ": wrote " + show(written) + ", read " + show(read));
    }

    private static String show(Object v) {
        return v instanceof ByteBuffer || v instanceof GenericFixed ? Arrays.toString(bytes(v)) : String.valueOf(v);
    }
}
