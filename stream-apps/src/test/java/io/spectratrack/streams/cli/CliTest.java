package io.spectratrack.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

    private static String[] run(Object app, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(app);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpDescribesEveryOption() {
        String[] ingest = run(new IngestCli(), "--help");
        assertThat(ingest[0]).isEqualTo("0");
        assertThat(ingest[1]).contains("--config", "--bootstrap-servers", "--set", "--embedded-broker", "camera.raw.dlq");
        String[] alerts = run(new AlertsCli(), "--help");
        assertThat(alerts[0]).isEqualTo("0");
        assertThat(alerts[1]).contains("SPECTRAL_SHIFT", "alert.rules");
    }

    @Test
    void rejectsAMissingConfigFileAndABadValueWithExitCode2() {
        assertThat(run(new IngestCli(), "--config", "no/such/file.properties")[0]).isEqualTo("2");
        assertThat(run(new AlertsCli(), "--config", "../config/alerts.properties",
                "-s", "spectratrack.alerts.zone-confirm-frames=often")[0]).isEqualTo("2");
        assertThat(run(new IngestCli(), "--no-such-option")[0]).isEqualTo("2");
    }
}
