package io.spectratrack.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.CommandType;
import io.spectratrack.flink.TestRecords;
import org.junit.jupiter.api.Test;

class CommandDecoderTest {
    @Test
    void aCommandTypeUnknownToThisReleaseIsAProblemWhateverElseItCarries() {
        // A well-formed START in every other respect: only its type makes it unusable.
        var cmd = TestRecords.command("cam", "t1", CommandType.UNKNOWN, 3, 1, 1, 2, 2);
        assertThat(CommandDecoder.problem(cmd)).isEqualTo(CommandDecoder.UNKNOWN_TYPE)
                .contains("command type unknown to this release");
    }

    @Test
    void theKnownTypesAreJudgedAsBefore() {
        assertThat(CommandDecoder.problem(TestRecords.command("cam", "t1", CommandType.START, 3, 1, 1, 2, 2))).isNull();
        assertThat(CommandDecoder.problem(TestRecords.command("cam", "t1", CommandType.STOP, -1, 0, 0, 0, 0))).isNull();
        assertThat(CommandDecoder.problem(TestRecords.command("cam", "t1", CommandType.REINIT, -1, 1, 1, 2, 2)))
                .contains("frame index");
    }
}
