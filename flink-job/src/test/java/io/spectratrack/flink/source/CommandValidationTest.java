package io.spectratrack.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.flink.TestRecords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed box of a START/REINIT is refused with a reason before it reaches the tracker. */
class CommandValidationTest {

    @ParameterizedTest(name = "box {0},{1} {2}x{3}: {4}")
    @CsvSource({
            "10, 10, 0, 20, positive size",
            "10, 10, 20, 0, positive size",
            "10, 10, -5, 20, positive size",
            "10, 10, 20, -1, positive size",
            "NaN, 10, 20, 20, finite",
            "10, NaN, 20, 20, finite",
            "10, 10, NaN, 20, finite",
            "Infinity, 10, 20, 20, finite",
            "10, 10, 20, Infinity, finite"})
    void aBadBoxIsRefusedWithItsCoordinates(double x, double y, double w, double h, String why) {
        for (CommandType type : new CommandType[] {CommandType.START, CommandType.REINIT}) {
            TrackCommand c = TestRecords.command("cam", "t1", type, 3, x, y, w, h);
            assertThat(CommandDecoder.problem(c)).as(type.toString()).isNotNull().contains(why).contains("box");
        }
    }

    @ParameterizedTest(name = "START {0},{1} {2}x{3}")
    @CsvSource({"0, 0, 1, 1", "250.5, 180, 5, 11", "-3, -3, 10, 10"})
    void aWellFormedBoxPassesValidation(double x, double y, double w, double h) {
        // Where it lies on the frame is the tracker's check (box-outside-frame): it knows the frame size.
        assertThat(CommandDecoder.problem(TestRecords.command("cam", "t1", CommandType.START, 0, x, y, w, h))).isNull();
    }

    @ParameterizedTest(name = "frame {0}")
    @CsvSource({"-1, frame index", "-100, frame index"})
    void aStartWithoutAFrameIndexIsRefused(long frame, String why) {
        assertThat(CommandDecoder.problem(TestRecords.command("cam", "t1", CommandType.START, frame, 1, 1, 5, 5))).contains(why);
    }
}
