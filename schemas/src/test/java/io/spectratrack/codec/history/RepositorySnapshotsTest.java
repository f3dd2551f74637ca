package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history taken from a small repository made for the test, commit by commit. */
class RepositorySnapshotsTest {
    @TempDir Path repo;

    @Test
    void everyCommitThatChangedTheSchemasThenTheWorkingTree() throws IOException {
        GitRepository git = newRepository();
        write("common/Box.avsc", SnapshotParserTest.BOX);
        write("common/Unit.avsc", SnapshotParserTest.UNIT);
        write("Shape.avsc", SnapshotParserTest.SHAPE);
        String first = commit(git, "shapes");
        Files.writeString(repo.resolve("README.md"), "not a schema");
        commit(git, "a commit that leaves the schemas alone");
        write("Shape.avsc", SnapshotParserTest.SHAPE.replace("{\"name\": \"id\", \"type\": \"string\"}",
                "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"layer\", \"type\": \"int\", \"default\": 0}"));
        write("Note.avsc", SchemaHistoryTest.V1);
        String third = commit(git, "a field and a record");
        write("Note.avsc", SchemaHistoryTest.V2); // not committed yet

        List<SchemaSnapshot> snapshots = RepositorySnapshots.of(git);
        assertThat(snapshots).extracting(SchemaSnapshot::origin).containsExactly(first, third, SchemaSnapshot.WORKING_TREE);
        assertThat(snapshots.get(0).files()).containsOnlyKeys("Shape.avsc", "common/Box.avsc", "common/Unit.avsc");

        SchemaHistory history = SchemaHistory.of(snapshots);
        assertThat(history.versions()).extracting(SchemaVersion::indexLine).map(l -> l.replaceAll(" [0-9a-f]{16} ", " "))
                .containsExactly("test.notes.Note 1 " + third.substring(0, 7), "test.notes.Note 2 working-tree",
                        "test.shapes.Shape 1 " + first.substring(0, 7), "test.shapes.Shape 2 " + third.substring(0, 7));
        assertThat(git.exists(third, SchemaSnapshot.AVRO_DIR + "/Note.avsc")).isTrue();
        assertThat(git.exists(first, SchemaSnapshot.AVRO_DIR + "/Note.avsc")).isFalse();
        assertThat(git.isShallow()).isFalse();
    }

    private GitRepository newRepository() {
        GitRepository git = GitRepository.at(repo);
        try {
            git.run("init", "-q");
        } catch (RuntimeException e) {
            abort("git is not available: " + e.getMessage());
        }
        return git;
    }

    private void write(String file, String text) throws IOException {
        Path p = repo.resolve(SchemaSnapshot.AVRO_DIR).resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String commit(GitRepository git, String message) {
        git.run("add", "-A");
        git.run("-c", "user.name=SpectraTrack test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", message);
        return git.run("rev-parse", "HEAD").strip();
    }
}
