package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** The committed history holds every version there is, and nothing but what git's history gives. */
class SchemaHistoryCompletenessTest {
    static final String REGENERATE = "run ./spectratrack schemas history and commit the files it writes with the schema change";

    @Test
    void everyCurrentRecordSchemaIsInTheHistory() throws Exception {
        // The module's own schema folder (tests run in the module directory), not the history's list
        // of records: a record added without history must fail here too.
        Map<String, Schema> current = SnapshotParser.records(SchemaSnapshot.ofDirectory(Path.of("src/main/avro")));
        assertThat(current).containsKeys("io.spectratrack.avro.TrackUpdate", "io.spectratrack.avro.TrackCommand");
        for (Map.Entry<String, Schema> record : current.entrySet()) {
            long fingerprint = SchemaVersion.fingerprintOf(record.getValue());
            // The codec decodes into the generated class: it must be the .avsc's version.
            assertThat(SchemaVersion.fingerprintOf(SpecificData.get().getSchema(Class.forName(record.getKey()))))
                    .as("generated class of %s", record.getKey()).isEqualTo(fingerprint);
            assertThat(ClasspathHistory.versionsOf(record.getKey())).extracting(SchemaVersion::fingerprint)
                    .as("%s's current schema (fingerprint %016x) is not in the schema history: %s",
                            record.getKey(), fingerprint, REGENERATE)
                    .contains(fingerprint);
        }
    }

    @Test
    void theCommittedHistoryIsWhatGitsHistoryGives() throws IOException {
        GitRepository git = repository();
        SchemaHistory regenerated = SchemaHistory.of(RepositorySnapshots.of(git));
        String folder = "schemas/src/main/resources/" + SchemaHistory.RESOURCE_DIR;
        Map<String, String> committed = read(git.root().resolve(folder));
        Map<String, String> expected = new TreeMap<>(regenerated.files());
        expected.put(SchemaHistory.INDEX, indexAsCommitted(regenerated, committed.get(SchemaHistory.INDEX), git, folder));

        assertThat(committed.keySet()).as("history files in %s (%s)", folder, REGENERATE)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((file, text) -> assertThat(committed.get(file))
                .as("%s/%s is not what git's history gives (hand-edited, or a schema changed without regenerating: %s)",
                        folder, file, REGENERATE)
                .isEqualTo(text));
    }

    /**
     * The regenerated index, except that a version the committed index marks {@code working-tree}
     * keeps that mark when its history file went into the very commit that introduced the version:
     * it was exported just before that commit, as it should be. Exported after the commit, the file
     * names the commit (and a mark written by hand on an old version is still caught).
     */
    private static String indexAsCommitted(SchemaHistory regenerated, String committedIndex, GitRepository git, String folder) {
        Set<String> committedLines = committedIndex == null ? Set.of() : committedIndex.lines().collect(Collectors.toSet());
        StringBuilder index = new StringBuilder(SchemaHistory.INDEX_HEADER);
        for (SchemaVersion v : regenerated.versions()) {
            SchemaVersion exportedEarly = new SchemaVersion(v.record(), v.version(), v.fingerprint(), SchemaSnapshot.WORKING_TREE, v.schema());
            boolean keepMark = !v.firstSeen().equals(SchemaSnapshot.WORKING_TREE)
                    && committedLines.contains(exportedEarly.indexLine())
                    && git.exists(v.firstSeen(), folder + "/" + v.fileName());
            index.append(keepMark ? exportedEarly.indexLine() : v.indexLine()).append('\n');
        }
        return index.toString();
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.toList()) files.put(p.getFileName().toString(), Files.readString(p));
        }
        return files;
    }

    /** The repository the tests run in, or the test is skipped (a source archive, a shallow CI clone, no git). */
    private static GitRepository repository() {
        GitRepository git;
        try {
            git = GitRepository.containing(Path.of(""));
        } catch (RuntimeException e) {
            abort("no git repository to compare with: " + e.getMessage());
            return null;
        }
        if (!Files.exists(git.root().resolve(".git")) || !Files.isDirectory(git.root().resolve(SchemaSnapshot.AVRO_DIR))) {
            abort(git.root() + " is not this project's repository");
        }
        if (git.isShallow()) abort("shallow clone: its git history lacks the oldest schema versions");
        return git;
    }
}
