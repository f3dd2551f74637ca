package io.spectratrack.datasets.hot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of HOT2020/HOT2023-format sequences. {@link #open(Path)} accepts the data set root, a
 * split folder (for example {@code test/}) or a single sequence, and finds sequences up to three
 * levels down: a folder with an {@code HSI/} subfolder of PNGs, or a folder holding PNGs and a
 * {@code groundtruth_rect.txt}. Sequences come back sorted by their path relative to the root,
 * which is also their name.
 *
 * <p>Mosaic pattern per sequence: the option, else {@code sequence.properties}, else the HOT2022/23
 * camera folder name ({@code HSI-NIR} 5x5; {@code HSI-RedNIR} 4x4 keeping 15 bands), else 5 when the
 * image size is a multiple of 5 but not of 4, else 4.
 */
public final class HotDataset {
    private static final Logger LOG = LoggerFactory.getLogger(HotDataset.class);
    public static final String FRAMES_DIR = "HSI";
    public static final String GROUND_TRUTH = "groundtruth_rect.txt";
    /** The mosaic side when neither flag nor metadata says (HOT VIS cameras, 16 bands). */
    public static final int DEFAULT_PATTERN = 4;

    /**
     * @param pattern  mosaic side forced for every sequence (null: from metadata, else {@link #DEFAULT_PATTERN})
     * @param bitDepth significant bits forced for every sequence (null: auto, see {@link HotSequence})
     * @param bands    keep only the first {@code bands} mosaic bands (15 for the HOT RedNIR camera,
     *                 whose 4x4 mosaic has one unused position); null: metadata, else all pattern^2
     */
    public record Options(Integer pattern, Integer bitDepth, Integer bands) {
        public static final Options AUTO = new Options(null, null, null);

        public Options(Integer pattern, Integer bitDepth) {
            this(pattern, bitDepth, null);
        }
    }

    private HotDataset() {}

    public static List<HotSequence> open(Path root) {
        return open(root, Options.AUTO);
    }

    public static List<HotSequence> open(Path root, Options options) {
        if (!Files.isDirectory(root)) {
            throw new HotFormatException(root + ": data folder does not exist");
        }
        List<Path> dirs = new ArrayList<>();
        collect(root, 0, dirs);
        List<HotSequence> out = new ArrayList<>();
        for (Path d : dirs) {
            String name = root.equals(d) ? d.getFileName().toString() : root.relativize(d).toString().replace('\\', '/');
            out.add(openSequence(name, d, options));
        }
        out.sort(Comparator.comparing(HotSequence::name));
        if (out.isEmpty()) {
            throw new HotFormatException(root + ": no HOT sequences found (expected <seq>/HSI/0001.png ... and "
                    + GROUND_TRUTH + ")");
        }
        return out;
    }

    /** Opens one sequence folder. */
    public static HotSequence openSequence(String name, Path dir, Options options) {
        Path framesDir = Files.isDirectory(dir.resolve(FRAMES_DIR)) ? dir.resolve(FRAMES_DIR) : dir;
        List<Path> frames = pngs(framesDir);
        if (frames.isEmpty()) {
            throw new HotFormatException(framesDir + ": no PNG frames");
        }
        Path gt = null;
        for (Path c : List.of(dir.resolve(GROUND_TRUTH), framesDir.resolve(GROUND_TRUTH))) {
            if (Files.isRegularFile(c)) { gt = c; break; }
        }
        SequenceMetadata md = SequenceMetadata.read(dir);
        int pattern;
        Integer impliedBands = null;
        if (options.pattern() != null) {
            pattern = options.pattern();
        } else if (md.pattern() != null) {
            pattern = md.pattern();
        } else {
            // HOT2022/2023 keep cameras apart in HSI-VIS / HSI-NIR / HSI-RedNIR folders.
            String path = dir.toString().replace('\\', '/').toLowerCase(Locale.ROOT);
            int[] size = pngSize(frames.get(0));
            if (path.contains("rednir")) {
                pattern = 4;
                impliedBands = 15;
            } else if (path.matches(".*(^|[/_-])(hsi-)?nir([/_-]|$).*")) {
                pattern = 5;
            } else if (size != null && size[0] % 5 == 0 && size[1] % 5 == 0 && (size[0] % 4 != 0 || size[1] % 4 != 0)) {
                pattern = 5;
            } else {
                pattern = DEFAULT_PATTERN;
            }
            if (pattern != DEFAULT_PATTERN || impliedBands != null) {
                LOG.info("{}: no pattern given, using {}x{}{} from the folder name or image size", name, pattern, pattern,
                        impliedBands != null ? " (" + impliedBands + " bands)" : "");
            }
        }
        if (pattern < 2 || pattern > 8) {
            throw new HotFormatException(dir + ": mosaic pattern " + pattern + " is not 2..8 (4 for VIS, 5 for NIR)");
        }
        Integer bands = options.bands() != null ? options.bands() : md.bands() != null ? md.bands() : impliedBands;
        int b = bands != null ? bands : pattern * pattern;
        if (b < 1 || b > pattern * pattern) {
            throw new HotFormatException(dir + ": " + b + " bands requested from a " + pattern + "x" + pattern + " mosaic");
        }
        return new HotSequence(name, dir, frames, gt, pattern, b, options.bitDepth(), md);
    }

    /** Width and height from a PNG's IHDR chunk, or null when the file is not a PNG. */
    static int[] pngSize(Path png) {
        try (java.io.InputStream in = Files.newInputStream(png)) {
            byte[] h = in.readNBytes(24);
            if (h.length < 24 || (h[1] & 0xFF) != 'P' || (h[2] & 0xFF) != 'N' || (h[3] & 0xFF) != 'G') return null;
            int w = ((h[16] & 0xFF) << 24) | ((h[17] & 0xFF) << 16) | ((h[18] & 0xFF) << 8) | (h[19] & 0xFF);
            int ht = ((h[20] & 0xFF) << 24) | ((h[21] & 0xFF) << 16) | ((h[22] & 0xFF) << 8) | (h[23] & 0xFF);
            return new int[] {w, ht};
        } catch (IOException e) {
            return null;
        }
    }

    private static void collect(Path dir, int depth, List<Path> out) {
        if (isSequence(dir)) {
            out.add(dir);
            return;
        }
        if (depth >= 3) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path c : s.filter(Files::isDirectory).sorted().toList()) collect(c, depth + 1, out);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
    }

    private static boolean isSequence(Path dir) {
        Path hsi = dir.resolve(FRAMES_DIR);
        if (Files.isDirectory(hsi) && !pngs(hsi).isEmpty()) return true;
        return Files.isRegularFile(dir.resolve(GROUND_TRUTH)) && !pngs(dir).isEmpty();
    }

    /** PNG files sorted by the number in their name (0001.png, 2.png, 10.png), then by name. */
    static List<Path> pngs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong(HotDataset::frameNumber).thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long frameNumber(Path p) {
        String digits = p.getFileName().toString().replaceAll("\\D", "");
        if (digits.isEmpty() || digits.length() > 18) return Long.MAX_VALUE;
        return Long.parseLong(digits);
    }
}
