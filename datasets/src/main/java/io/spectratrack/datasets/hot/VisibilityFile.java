package io.spectratrack.datasets.hot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Optional {@code <seq>/visibility.txt}: the visible fraction of the target per frame, one number
 * in [0, 1] per line (1 = fully visible). Written by the synthetic generator so trainers can skip
 * frames where the target is hidden; HOT itself has no such file.
 */
public final class VisibilityFile {
    public static final String FILE_NAME = "visibility.txt";

    private VisibilityFile() {}

    public static double[] read(Path seqDir) {
        Path f = seqDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) return null;
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            double[] v = new double[lines.size()];
            for (int i = 0; i < v.length; i++) {
                try {
                    v[i] = Double.parseDouble(lines.get(i).strip());
                } catch (NumberFormatException e) {
                    throw new HotFormatException(f + " line " + (i + 1) + ": '" + lines.get(i) + "' is not a number");
                }
            }
            return v;
        } catch (IOException e) {
            throw new HotFormatException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static void write(Path seqDir, double[] visibility) {
        StringBuilder sb = new StringBuilder();
        for (double v : visibility) sb.append(String.format(Locale.ROOT, "%.2f%n", v));
        try {
            Files.writeString(seqDir.resolve(FILE_NAME), sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HotFormatException(seqDir.resolve(FILE_NAME) + ": cannot write: " + e.getMessage(), e);
        }
    }
}
