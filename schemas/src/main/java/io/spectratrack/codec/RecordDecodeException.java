package io.spectratrack.codec;

/**
 * Bytes that are not a readable record of the expected type: truncated, written with a schema
 * this reader does not know (fingerprint not in its store), or not Avro single-object encoding at
 * all. Carries the record type and byte count so a dead letter explains itself.
 */
public class RecordDecodeException extends RuntimeException {
    public RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
