package io.spectratrack.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {

    /** A JVM that fills a scratch folder and exits: the folder must be gone afterwards. */
    public static void main(String[] args) throws Exception {
        Path dir = ScratchDirectory.create("scratch-test-");
        Files.createDirectories(dir.resolve("model/variables"));
        Files.writeString(dir.resolve("model/variables/weights"), "w");
        Files.writeString(dir.resolve("saved_model.pb"), "pb");
        System.out.println(dir);
    }

    @Test
    void aFilledScratchFolderIsDeletedWhenTheJvmExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ScratchDirectoryTest.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        Path dir = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(dir.getFileName().toString()).startsWith("scratch-test-");
        assertThat(dir).doesNotExist();
    }

    @Test
    void deleteTreeRemovesNestedFilesAndToleratesAMissingRoot(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("a");
        Files.createDirectories(root.resolve("b/c"));
        Files.writeString(root.resolve("b/c/x"), "x");
        Files.writeString(root.resolve("y"), "y");
        ScratchDirectory.deleteTree(root);
        assertThat(root).doesNotExist();
        ScratchDirectory.deleteTree(root);
        assertThat(ScratchDirectory.deleteQuietly(tmp.resolve("never-there"))).isTrue();
        assertThat(tmp).exists();
    }
}
