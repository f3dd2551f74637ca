package io.spectratrack.datasets.hot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code <seq>/attributes.txt}: challenge attribute names separated by commas, spaces or new lines;
 * {@code #} starts a comment. Names are lower-cased; a missing file means no attributes.
 */
public final class AttributesFile {
    public static final String FILE_NAME = "attributes.txt";

    private AttributesFile() {}

    public static Set<String> read(Path seqDir) {
        Path f = seqDir.resolve(FILE_NAME);
        Set<String> out = new TreeSet<>();
        if (!Files.isRegularFile(f)) return out;
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                for (String t : line.split("[\\s,;]+")) {
                    if (!t.isBlank()) out.add(t.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new HotFormatException(f + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    public static void write(Path seqDir, Collection<String> attributes) {
        try {
            Files.writeString(seqDir.resolve(FILE_NAME), String.join("\n", new TreeSet<>(attributes)) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HotFormatException(seqDir.resolve(FILE_NAME) + ": cannot write: " + e.getMessage(), e);
        }
    }
}
