package io.spectratrack.model.export;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trained weights outside TensorFlow's checkpoint format: a small, versioned binary file
 * ({@code magic, version, variant, bands, groups, count, then per weight: name, length, floats}).
 * Training writes it, {@code ModelCli export --weights} reads it and assigns every variable from
 * placeholders.
 */
public final class WeightsFile {

    private static final int MAGIC = 0x53545754; // "STWT"
    private static final int VERSION = 1;

    /** Weights plus the variant they belong to. */
    public record Weights(String variant, int bands, int groups, Map<String, float[]> values) {
    }

    private WeightsFile() {
    }

    public static void write(Path file, Weights w) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(w.variant());
            out.writeInt(w.bands());
            out.writeInt(w.groups());
            out.writeInt(w.values().size());
            for (Map.Entry<String, float[]> e : w.values().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Weights read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a SpectraTrack weights file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": weights file version " + version + ", this build reads " + VERSION);
            }
            String variant = in.readUTF();
            int bands = in.readInt();
            int groups = in.readInt();
            int n = in.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                values.put(name, v);
            }
            return new Weights(variant, bands, groups, values);
        }
    }
}
