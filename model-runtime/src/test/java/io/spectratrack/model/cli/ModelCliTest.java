package io.spectratrack.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCliTest {

    @Test
    void exportThenInspectPrintsSignaturesAndMetadata(@TempDir Path tmp) {
        Path out = tmp.resolve("m");
        assertThat(ModelCli.run("export", "--variant", "lite", "--bands", "15", "--out", out.toString())).isZero();
        assertThat(out.resolve("saved_model.pb")).exists();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertThat(ModelCli.run("inspect", out.toString())).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString()).contains("template").contains("track").contains("bands=15").contains("groups=5");
    }

    @Test
    void helpAndBadArgumentsDoNotThrow(@TempDir Path tmp) throws Exception {
        assertThat(ModelCli.run("--help")).isZero();
        assertThat(ModelCli.run("export", "--help")).isZero();
        assertThat(ModelCli.run("export", "--variant", "huge", "--out", tmp.resolve("x").toString())).isNotZero();
        Files.writeString(tmp.resolve("notes.txt"), "x");
        assertThat(ModelCli.run("export", "--out", tmp.toString())).as("refuses to overwrite a non-model folder").isNotZero();
    }
}
