package io.spectratrack.codec.history;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * One version of one top-level record: a distinct parsing fingerprint, numbered from 1 in the order
 * the versions first appeared.
 *
 * @param record    full name, e.g. {@code io.spectratrack.avro.TrackUpdate}
 * @param firstSeen commit the version first appeared in (full or short hash), or
 *                  {@link SchemaSnapshot#WORKING_TREE} for a version no commit has yet
 * @param schema    the self-contained schema (shared types inlined)
 */
public record SchemaVersion(String record, int version, long fingerprint, String firstSeen, Schema schema) {
    /** Length of the commit hashes in the index: fixed, so that every clone writes the same file. */
    static final int SHORT_COMMIT = 7;

    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Name of the version's file in the history folder, e.g. {@code TrackUpdate.v3.avsc}. */
    public String fileName() {
        return fileName(record, version);
    }

    static String fileName(String record, int version) {
        return record.substring(record.lastIndexOf('.') + 1) + ".v" + version + ".avsc";
    }

    /** The fingerprint as the index writes it: 16 hex digits. */
    public String fingerprintHex() {
        return String.format("%016x", fingerprint);
    }

    public String shortCommit() {
        return firstSeen.equals(SchemaSnapshot.WORKING_TREE) || firstSeen.length() <= SHORT_COMMIT
                ? firstSeen : firstSeen.substring(0, SHORT_COMMIT);
    }

    /** {@code <record> <version> <fingerprint> <commit>}: the version's line in the index. */
    public String indexLine() {
        return record + " " + version + " " + fingerprintHex() + " " + shortCommit();
    }

    @Override
    public String toString() {
        return indexLine();
    }
}
