package io.spectratrack.codec.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every schema change must keep, checked against the whole history. This is the check
 * that fails the build on an incompatible change:
 * <ul>
 *   <li>backward: today's schema reads what every earlier version wrote;</li>
 *   <li>forward, one step: each version reads what the next one writes, so a reader one release
 *       behind keeps working while writers are upgraded.</li>
 * </ul>
 */
class HistoryCompatibilityTest {
    /**
     * Forward steps already in the history that break the rule, as {@code <record> v<reader> reads v<writer>}.
     * They are released and cannot be undone; any other break fails the build.
     */
    static final Map<String, String> KNOWN_FORWARD_BREAKS = Map.of(
            // TARGET_REACQUIRED was added to AlertKind, which had no default then: a v1 reader
            // has no symbol to read it as (the alert router was upgraded together with its readers).
            "io.spectratrack.avro.Alert v1 reads v2", "AlertKind symbol TARGET_REACQUIRED added without an enum default",
            // The last break of this kind: UNKNOWN (the new default) is itself a symbol the older
            // readers lack. Writers never send it, and from v3 on every added kind reads as UNKNOWN.
            "io.spectratrack.avro.Alert v2 reads v3", "AlertKind symbol UNKNOWN added as the enum's first default",
            // The same for CommandType: from v2 on a newer producer's command type reads as UNKNOWN.
            "io.spectratrack.avro.TrackCommand v1 reads v2", "CommandType symbol UNKNOWN added as the enum's first default");

    @TestFactory
    Stream<DynamicTest> theCurrentSchemaReadsEveryHistoricalVersion() {
        return ClasspathHistory.versions().stream().map(v -> dynamicTest(v.record() + " v" + v.version(), () -> {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current(v.record()), v.schema());
            assertThat(result.getType()).as("the current %s reading v%d: %s", v.record(), v.version(), problems(result))
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }));
    }

    @Test
    void eachVersionReadsTheNextOneExceptTheKnownBreaks() throws ClassNotFoundException {
        Map<String, String> breaks = new TreeMap<>();
        for (String record : ClasspathHistory.versions().stream().map(SchemaVersion::record).distinct().toList()) {
            List<SchemaVersion> steps = new ArrayList<>(ClasspathHistory.versionsOf(record));
            Schema now = current(record);
            // A current schema not yet exported (a change in progress) is the next step after the last version.
            if (steps.get(steps.size() - 1).fingerprint() != SchemaVersion.fingerprintOf(now)) {
                steps.add(new SchemaVersion(record, 0, SchemaVersion.fingerprintOf(now), SchemaSnapshot.WORKING_TREE, now));
            }
            for (int i = 1; i < steps.size(); i++) {
                SchemaVersion reader = steps.get(i - 1);
                SchemaVersion writer = steps.get(i);
                SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    String step = record + " v" + reader.version() + " reads "
                            + (writer.version() == 0 ? "the current schema" : "v" + writer.version());
                    breaks.put(step, problems(result));
                }
            }
        }
        assertThat(breaks.keySet())
                .as("forward-incompatible steps (an older reader cannot read the newer writer): %s. A new field needs a"
                        + " default, an enum that gains a symbol needs a default symbol; a break already released belongs"
                        + " in KNOWN_FORWARD_BREAKS with the reason", breaks)
                .containsExactlyInAnyOrderElementsOf(KNOWN_FORWARD_BREAKS.keySet());
    }

    private static Schema current(String record) throws ClassNotFoundException {
        return SpecificData.get().getSchema(Class.forName(record));
    }

    private static String problems(SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage()).toList().toString();
    }
}
