package io.spectratrack.codec;

import io.spectratrack.codec.history.ClasspathHistory;
import io.spectratrack.codec.history.SchemaVersion;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The one codec for every record of the system: Avro single-object encoding (a 10-byte header
 * with the writer schema's fingerprint, then the binary body). No registry server is needed:
 * the reader keeps a {@link SchemaStore} of every writer schema it accepts, so a record written
 * with an older compatible version of a schema is resolved into the current class. Every version
 * the schema has had in the repository's history ({@link ClasspathHistory}) is accepted from the
 * start; a fingerprint outside that history (a newer release's schema) is refused by name.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private static final Map<Class<?>, AvroCodec<?>> CODECS = new ConcurrentHashMap<>();
    /** Package of the generated records, the only one this codec ever instantiates. */
    public static final String RECORD_PACKAGE = "io.spectratrack.avro";

    static {
        // Avro 1.12 refuses to instantiate specific records outside trusted packages unless
        // -Dorg.apache.avro.SERIALIZABLE_PACKAGES is set in every JVM (stack.md, trap 3). The
        // launcher and poms set it, but a JVM started another way (an IDE, a Flink TaskManager
        // someone configured by hand) would fail on the first record; trusting exactly our own
        // generated package here keeps those JVMs working without widening trust further.
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                cls -> cls.getName().startsWith(RECORD_PACKAGE + ".")));
    }

    private final Class<T> type;
    private final Schema schema;
    private final SchemaStore.Cache store = new SchemaStore.Cache();
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        SpecificData model = new SpecificData(type.getClassLoader());
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
        long current = SchemaNormalization.parsingFingerprint64(schema);
        for (SchemaVersion old : ClasspathHistory.versionsOf(schema.getFullName())) {
            // The current version is the decoder's own already: its historical entry (same
            // fingerprint, docs or defaults as first committed) must not take its place.
            if (old.fingerprint() != current) acceptWriterSchema(old.schema());
        }
    }

    /** The shared codec of a generated record class. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return (AvroCodec<T>) CODECS.computeIfAbsent(type, t -> new AvroCodec<>((Class<T>) t));
    }

    public Class<T> type() { return type; }
    public Schema schema() { return schema; }

    /**
     * Accepts records written with {@code writerSchema}, an older (or newer) version of this
     * type's schema; fields are matched by Avro's resolution rules.
     */
    public AvroCodec<T> acceptWriterSchema(Schema writerSchema) {
        store.addSchema(writerSchema);
        decoder.addSchema(writerSchema);
        return this;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            // A required field left unset or of the wrong type: say which record it was.
            throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new RecordDecodeException("no bytes to decode as " + type.getSimpleName() + " (null value)", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException(bytes.length + "-byte record is not a known " + type.getSimpleName()
                    + " version: writer schema fingerprint " + fingerprintOf(bytes) + " is not in the schema store"
                    + " (current schema fingerprint " + Long.toHexString(SchemaNormalization.parsingFingerprint64(schema)) + ")", e);
        } catch (BadHeaderException e) {
            throw new RecordDecodeException(bytes.length + "-byte value is not an Avro single-object record ("
                    + e.getMessage() + "); expected " + type.getSimpleName(), e);
        } catch (EOFException e) {
            throw new RecordDecodeException(type.getSimpleName() + " record is truncated: it ends after "
                    + bytes.length + " bytes", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new RecordDecodeException("cannot decode " + bytes.length + " bytes as " + type.getSimpleName()
                    + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof EOFException) return "the record is truncated";
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String fingerprintOf(byte[] bytes) {
        if (bytes.length < 10) return "(header incomplete)";
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return Long.toHexString(fp);
    }
}
