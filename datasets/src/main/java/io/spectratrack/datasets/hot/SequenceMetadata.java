package io.spectratrack.datasets.hot;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * Optional per-sequence facts HOT itself does not record, in {@code <seq>/sequence.properties}:
 * {@code pattern} (mosaic side, 4 or 5), {@code bitDepth} (significant bits of the PNG samples),
 * {@code wavelengths} (nm per band index, comma-separated), {@code bands} (keep only the first N
 * mosaic bands, e.g. 15 for RedNIR), {@code source}. Every key is optional;
 * a missing file means "unknown" and the reader falls back to flags, PNG chunks and defaults.
 */
public record SequenceMetadata(Integer pattern, Integer bitDepth, double[] wavelengthsNm, String source, Integer bands) {
    public static final String FILE_NAME = "sequence.properties";

    public static final SequenceMetadata NONE = new SequenceMetadata(null, null, null, null, null);

    public static SequenceMetadata read(Path seqDir) {
        Path f = seqDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) return NONE;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new HotFormatException(f + ": cannot read: " + e.getMessage(), e);
        }
        Integer pattern = intOrNull(p, "pattern", f);
        Integer bitDepth = intOrNull(p, "bitDepth", f);
        double[] wl = null;
        String w = p.getProperty("wavelengths");
        if (w != null && !w.isBlank()) {
            try {
                wl = Arrays.stream(w.split("[\\s,]+")).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException e) {
                throw new HotFormatException(f + ": key 'wavelengths' must be comma-separated numbers, got '" + w + "'");
            }
        }
        return new SequenceMetadata(pattern, bitDepth, wl, p.getProperty("source"), intOrNull(p, "bands", f));
    }

    private static Integer intOrNull(Properties p, String key, Path f) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new HotFormatException(f + ": key '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public SequenceMetadata(Integer pattern, Integer bitDepth, double[] wavelengthsNm, String source) {
        this(pattern, bitDepth, wavelengthsNm, source, null);
    }

    public void write(Path seqDir) {
        Properties p = new Properties();
        if (pattern != null) p.setProperty("pattern", pattern.toString());
        if (bitDepth != null) p.setProperty("bitDepth", bitDepth.toString());
        if (wavelengthsNm != null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < wavelengthsNm.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(Math.round(wavelengthsNm[i] * 10) / 10.0);
            }
            p.setProperty("wavelengths", sb.toString());
        }
        if (source != null) p.setProperty("source", source);
        if (bands != null) p.setProperty("bands", bands.toString());
        try (Writer w = Files.newBufferedWriter(seqDir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.store(w, "SpectraTrack sequence metadata (optional; HOT readers ignore it)");
        } catch (IOException e) {
            throw new HotFormatException(seqDir.resolve(FILE_NAME) + ": cannot write: " + e.getMessage(), e);
        }
    }
}
