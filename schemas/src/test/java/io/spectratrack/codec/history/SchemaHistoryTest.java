package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaHistoryTest {
    static final String V1 = """
            {"type": "record", "name": "Note", "namespace": "test.notes", "doc": "A note.", "fields": [
              {"name": "text", "type": "string"}]}""";
    static final String V1_REWORDED = V1.replace("A note.", "A short note.");
    static final String V2 = """
            {"type": "record", "name": "Note", "namespace": "test.notes", "fields": [
              {"name": "text", "type": "string"}, {"name": "pinned", "type": "boolean", "default": false}]}""";
    static final String TAG = """
            {"type": "record", "name": "Tag", "namespace": "test.notes", "fields": [{"name": "name", "type": "string"}]}""";

    @Test
    void versionsAreNumberedInTheOrderTheyFirstAppeared() {
        SchemaHistory history = SchemaHistory.of(List.of(
                new SchemaSnapshot("c1", Map.of("Note.avsc", V1)),
                new SchemaSnapshot("c2", Map.of("Note.avsc", V1_REWORDED)), // docs only: same fingerprint
                new SchemaSnapshot("c3", Map.of("Note.avsc", V2, "Tag.avsc", TAG)), // Tag is added here
                new SchemaSnapshot("c4", Map.of("Note.avsc", V1, "Tag.avsc", TAG)), // reverted: not new
                new SchemaSnapshot(SchemaSnapshot.WORKING_TREE, Map.of("Note.avsc", V1, "Tag.avsc", TAG))));
        assertThat(history.versions()).extracting(v -> v.record() + " v" + v.version() + " " + v.firstSeen())
                .containsExactly("test.notes.Note v1 c1", "test.notes.Note v2 c3", "test.notes.Tag v1 c3");
        // The first text of a version is kept: later docs do not rewrite history.
        assertThat(history.versionsOf("test.notes.Note").get(0).schema().getDoc()).isEqualTo("A note.");
    }

    @Test
    void theFilesAreAnIndexAndOneSelfContainedSchemaPerVersionThatTheCodecsLoad(@TempDir Path dir) throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        SchemaHistory history = SchemaHistory.of(List.of(new SchemaSnapshot(commit, Map.of("Note.avsc", V1)),
                new SchemaSnapshot(SchemaSnapshot.WORKING_TREE, Map.of("Note.avsc", V2))));
        Map<String, String> files = history.files();
        assertThat(files).containsOnlyKeys("index", "Note.v1.avsc", "Note.v2.avsc");
        assertThat(files.get("index").lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "test.notes.Note 1 " + history.versions().get(0).fingerprintHex() + " 0123456",
                "test.notes.Note 2 " + history.versions().get(1).fingerprintHex() + " working-tree");

        Path out = dir.resolve(SchemaHistory.RESOURCE_DIR);
        Files.createDirectories(out);
        Files.writeString(out.resolve("Stale.v1.avsc"), TAG);
        SchemaHistoryExport.write(files, out);
        assertThat(out.resolve("Stale.v1.avsc")).doesNotExist();
        List<SchemaVersion> loaded = ClasspathHistory.load(new URLClassLoader(new URL[] {dir.toUri().toURL()}, null));
        assertThat(loaded).extracting(SchemaVersion::fingerprint)
                .containsExactlyElementsOf(history.versions().stream().map(SchemaVersion::fingerprint).toList());
    }

    @Test
    void aHandEditedVersionIsRefusedWhenLoaded(@TempDir Path dir) throws Exception {
        SchemaHistory history = SchemaHistory.of(List.of(new SchemaSnapshot("c1", Map.of("Note.avsc", V1))));
        Path out = dir.resolve(SchemaHistory.RESOURCE_DIR);
        SchemaHistoryExport.write(history.files(), out);
        Files.writeString(out.resolve("Note.v1.avsc"), V2);
        assertThatThrownBy(() -> ClasspathHistory.load(new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Note.v1.avsc has fingerprint")
                .hasMessageContaining("./spectratrack schemas history");
    }
}
