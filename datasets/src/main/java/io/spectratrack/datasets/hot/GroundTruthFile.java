package io.spectratrack.datasets.hot;

import io.spectratrack.geometry.Box;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code groundtruth_rect.txt}: one {@code x y w h} box per frame, separated by tabs, spaces or
 * commas (OTB and HOT use all three), possibly with a trailing separator. Blank lines at the end are
 * ignored; {@code NaN} boxes (absent target) are kept as invalid boxes.
 */
public final class GroundTruthFile {
    private GroundTruthFile() {}

    public static List<Box> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HotFormatException(file + ": cannot read ground truth: " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) last--;
        List<Box> boxes = new ArrayList<>(last);
        for (int i = 0; i < last; i++) {
            boxes.add(parseLine(lines.get(i), file, i + 1));
        }
        return boxes;
    }

    static Box parseLine(String line, Path file, int lineNo) {
        String s = line.strip();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1).strip();
        if (s.isEmpty()) {
            throw new HotFormatException(file + " line " + lineNo + ": empty line, expected 'x y w h'");
        }
        String[] parts = s.split("[\\s,;]+");
        if (parts.length != 4) {
            throw new HotFormatException(file + " line " + lineNo + ": expected 4 numbers 'x y w h', found "
                    + parts.length + " fields in '" + line + "'");
        }
        double[] v = new double[4];
        for (int k = 0; k < 4; k++) {
            try {
                v[k] = Double.parseDouble(parts[k].toLowerCase(Locale.ROOT).equals("nan") ? "NaN" : parts[k]);
            } catch (NumberFormatException e) {
                throw new HotFormatException(file + " line " + lineNo + ": field " + (k + 1) + " '" + parts[k]
                        + "' is not a number");
            }
        }
        return new Box(v[0], v[1], v[2], v[3]);
    }

    public static void write(Path file, List<Box> boxes) {
        StringBuilder sb = new StringBuilder();
        for (Box b : boxes) {
            sb.append(fmt(b.x())).append('\t').append(fmt(b.y())).append('\t')
              .append(fmt(b.width())).append('\t').append(fmt(b.height())).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HotFormatException(file + ": cannot write ground truth: " + e.getMessage(), e);
        }
    }

    private static String fmt(double v) {
        if (!Double.isFinite(v)) return "NaN";
        if (v == Math.rint(v)) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
