package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SnapshotParserTest {
    static final String BOX = """
            {"type": "record", "name": "Box", "namespace": "test.shapes", "fields": [
              {"name": "side", "type": "double"}, {"name": "unit", "type": "test.shapes.Unit"}]}""";
    static final String UNIT = """
            {"type": "enum", "name": "Unit", "namespace": "test.shapes", "symbols": ["PX", "MM"], "default": "PX"}""";
    static final String SHAPE = """
            {"type": "record", "name": "Shape", "namespace": "test.shapes", "fields": [
              {"name": "id", "type": "string"}, {"name": "box", "type": "test.shapes.Box"}]}""";

    @Test
    void sharedTypesParseInWhateverOrderTheyNeedEachOther() {
        // Box (sorted first) needs Unit: it only parses in the second round.
        Map<String, Schema> records = SnapshotParser.records(new SchemaSnapshot("c1",
                Map.of("Shape.avsc", SHAPE, "common/Box.avsc", BOX, "common/Unit.avsc", UNIT)));
        assertThat(records).containsOnlyKeys("test.shapes.Shape");
        // Self-contained: it parses on its own, shared types inlined.
        Schema alone = new Schema.Parser().parse(records.get("test.shapes.Shape").toString());
        assertThat(alone.getField("box").schema().getField("unit").schema().getEnumSymbols()).containsExactly("PX", "MM");
    }

    @Test
    void aTypeNoFileDefinesNamesTheFileAndTheCommit() {
        assertThatThrownBy(() -> SnapshotParser.records(new SchemaSnapshot("abc123", Map.of("Shape.avsc", SHAPE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commit abc123")
                .hasMessageContaining("Shape.avsc")
                .hasMessageContaining("test.shapes.Box");
    }
}
