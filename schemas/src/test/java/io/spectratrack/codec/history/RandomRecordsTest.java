package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class RandomRecordsTest {
    /** Every kind of Avro type once, nested, so the generator is tested beyond what the wire schemas use today. */
    static final Schema EVERY_TYPE = new Schema.Parser().parse("""
            {"type": "record", "name": "Everything", "namespace": "test.random", "fields": [
              {"name": "flag", "type": "boolean"},
              {"name": "count", "type": "int"},
              {"name": "total", "type": "long"},
              {"name": "ratio", "type": "float"},
              {"name": "exact", "type": "double"},
              {"name": "label", "type": "string"},
              {"name": "blob", "type": "bytes"},
              {"name": "nothing", "type": "null"},
              {"name": "digest", "type": {"type": "fixed", "name": "Digest", "size": 4}},
              {"name": "colour", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN"], "default": "RED"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "child", "type": ["null", {"type": "record", "name": "Child", "fields": [
                  {"name": "name", "type": ["null", "string", "int"]},
                  {"name": "tags", "type": {"type": "map", "values": "Digest"}}]}]},
              {"name": "children", "type": {"type": "array", "items": "Child"}},
              {"name": "grid", "type": {"type": "array", "items": {"type": "array", "items": "float"}}}
            ]}""");

    @Test
    void recordsAreValidAndSurviveAnEncodeDecodeRoundTrip() throws Exception {
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), EVERY_TYPE);
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), EVERY_TYPE);
        for (GenericRecord r : records(200)) {
            assertThat(GenericData.get().validate(EVERY_TYPE, r)).as("valid: %s", r).isTrue();
            GenericRecord back = decoder.decode(encoder.encode(r).array());
            assertThat(WrittenValues.differences(EVERY_TYPE, r, EVERY_TYPE, back)).as("%s", r).isEmpty();
        }
    }

    @Test
    void recordsReachEveryBranchAndTheEdges() {
        List<GenericRecord> all = records(200);
        assertThat(all).anyMatch(r -> r.get("child") == null).anyMatch(r -> r.get("child") != null);
        assertThat(all).anyMatch(r -> child(r) != null && child(r).get("name") instanceof Integer)
                .anyMatch(r -> child(r) != null && child(r).get("name") instanceof String)
                .anyMatch(r -> child(r) != null && !((Map<?, ?>) child(r).get("tags")).isEmpty());
        assertThat(all).anyMatch(r -> ((List<?>) r.get("children")).isEmpty())
                .anyMatch(r -> ((List<?>) r.get("children")).size() > 1);
        assertThat(all).anyMatch(r -> r.get("label").toString().codePoints().anyMatch(c -> c > 0xFFFF))
                .anyMatch(r -> r.get("label").toString().isEmpty());
        assertThat(all).anyMatch(r -> r.get("colour").toString().equals("GREEN"));
        assertThat(all).anyMatch(r -> r.get("total").equals(Long.MIN_VALUE) || r.get("total").equals(Long.MAX_VALUE));
        assertThat(all).anyMatch(r -> Float.isNaN((Float) r.get("ratio")));
        assertThat(all).anyMatch(r -> ((ByteBuffer) r.get("blob")).remaining() == 0);
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        assertThat(new RandomRecords(42).record(EVERY_TYPE).toString())
                .isEqualTo(new RandomRecords(42).record(EVERY_TYPE).toString())
                .isNotEqualTo(new RandomRecords(43).record(EVERY_TYPE).toString());
    }

    @Test
    void aValueThatDidNotSurviveIsNamedByItsPath() {
        GenericRecord written = new RandomRecords(1).record(EVERY_TYPE);
        GenericRecord read = GenericData.get().deepCopy(EVERY_TYPE, written);
        read.put("count", (Integer) written.get("count") + 1);
        read.put("colour", new GenericData.EnumSymbol(EVERY_TYPE.getField("colour").schema(),
                written.get("colour").toString().equals("RED") ? "GREEN" : "RED"));
        assertThat(WrittenValues.differences(EVERY_TYPE, written, EVERY_TYPE, read))
                .hasSize(2).anyMatch(d -> d.startsWith(".count:")).anyMatch(d -> d.startsWith(".colour:"));
    }

    private static GenericRecord child(GenericRecord r) {
        return (GenericRecord) r.get("child");
    }

    private static List<GenericRecord> records(int n) {
        RandomRecords random = new RandomRecords(20261124);
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(random.record(EVERY_TYPE));
        return out;
    }
}
