package io.spectratrack.datasets.hot;

import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.geometry.Box;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One HOT-format sequence: mosaic PNGs in {@code <seq>/HSI/} (or directly in {@code <seq>/}) and
 * {@code groundtruth_rect.txt} next to them or one level up. Frames are decoded on demand.
 *
 * <p>Bit depth: PNG words are scaled by {@code 2^bitDepth - 1}, so a 16-bit file holding 12-bit
 * values gives the same [0, 1] range as an 8-bit one. The depth comes from the reader option, else
 * {@code sequence.properties}, else the PNG sBIT chunk, else the smallest of 8/10/12/14/16 bits that
 * holds the largest value of the first, middle and last frames.
 *
 * <p>Mosaics whose size is not a whole number of tiles (some HOT sequences are cropped) lose the
 * partial tiles at the right and bottom edge; boxes are unaffected because they are in band pixels.
 */
public final class HotSequence implements VideoSequence {
    private static final Logger LOG = LoggerFactory.getLogger(HotSequence.class);

    private final String name;
    private final Path dir;
    private final List<Path> frames;
    private final Path groundTruthFile;
    private final int pattern;
    private final int bands;
    private final Integer bitDepthOverride;
    private final SequenceMetadata metadata;
    private volatile Integer bitDepth;
    private volatile List<Box> groundTruth;
    private final Set<String> attributes;

    HotSequence(String name, Path dir, List<Path> frames, Path groundTruthFile, int pattern, int bands, Integer bitDepth,
                SequenceMetadata metadata) {
        this.name = name;
        this.dir = dir;
        this.frames = List.copyOf(frames);
        this.groundTruthFile = groundTruthFile;
        this.pattern = pattern;
        this.bands = bands;
        this.bitDepthOverride = bitDepth;
        this.metadata = metadata;
        this.attributes = AttributesFile.read(dir);
    }

    @Override public String name() { return name; }
    public Path directory() { return dir; }
    public int pattern() { return pattern; }
    /** Bands of every frame: pattern^2, or fewer when the options or metadata say so. */
    public int bands() { return bands; }
    public SequenceMetadata metadata() { return metadata; }
    @Override public int frameCount() { return frames.size(); }
    public Path frameFile(int i) { return frames.get(i); }
    @Override public Set<String> attributes() { return attributes; }
    /** From the optional {@code visibility.txt}; null when absent. */
    @Override public double[] visibility() { return VisibilityFile.read(dir); }

    @Override
    public List<Box> groundTruth() {
        List<Box> gt = groundTruth;
        if (gt == null) {
            if (groundTruthFile == null) {
                throw new HotFormatException(dir + ": no groundtruth_rect.txt in the sequence folder or its HSI folder");
            }
            gt = GroundTruthFile.read(groundTruthFile);
            if (gt.size() > frames.size()) {
                LOG.warn("{}: {} ground-truth lines for {} frames; extra lines ignored", groundTruthFile, gt.size(), frames.size());
                gt = List.copyOf(gt.subList(0, frames.size()));
            } else if (gt.size() < frames.size()) {
                LOG.warn("{}: {} ground-truth lines for {} frames; later frames are unannotated", groundTruthFile, gt.size(), frames.size());
            }
            groundTruth = gt;
        }
        return gt;
    }

    /** Significant bits of the PNG samples (see the class comment for where it comes from). */
    public int bitDepth() {
        Integer d = bitDepth;
        if (d == null) {
            d = resolveBitDepth();
            bitDepth = d;
        }
        return d;
    }

    private int resolveBitDepth() {
        if (bitDepthOverride != null) return bitDepthOverride;
        if (metadata.bitDepth() != null) return metadata.bitDepth();
        if (frames.isEmpty()) return 8;
        MosaicPng.RawImage first = MosaicPng.read(frames.get(0));
        if (first.containerBits() == 8) return 8;
        if (first.significantBits() < first.containerBits()) return first.significantBits();
        int max = first.max();
        for (int i : new int[] {frames.size() / 2, frames.size() - 1}) {
            if (i > 0) max = Math.max(max, MosaicPng.read(frames.get(i)).max());
        }
        for (int bits : new int[] {8, 10, 12, 14}) {
            if (max < (1 << bits)) {
                LOG.info("{}: 16-bit PNGs with values up to {}: reading them as {}-bit", name, max, bits);
                return bits;
            }
        }
        return 16;
    }

    /** The raw mosaic of frame {@code i}, scaled to [0, 1] by the sequence's bit depth. */
    public Mosaic mosaic(int i) {
        MosaicPng.RawImage raw = MosaicPng.read(frames.get(i));
        int depth = raw.containerBits() == 8 ? Math.min(8, bitDepth()) : bitDepth();
        if (raw.max() >= (1 << depth)) {
            throw new HotFormatException(frames.get(i) + ": sample value " + raw.max() + " exceeds the sequence's "
                    + depth + "-bit depth (set bitDepth in " + SequenceMetadata.FILE_NAME + " or pass --bit-depth)");
        }
        return raw.toMosaic(depth);
    }

    @Override
    public SpectralCube frame(int i) {
        Mosaic m = mosaic(i);
        int h = m.height() - m.height() % pattern;
        int w = m.width() - m.width() % pattern;
        if (h == 0 || w == 0) {
            throw new HotFormatException(frames.get(i) + ": a " + m.width() + "x" + m.height()
                    + " image is smaller than one " + pattern + "x" + pattern + " mosaic tile");
        }
        if (h != m.height() || w != m.width()) {
            float[] s = new float[h * w];
            for (int y = 0; y < h; y++) System.arraycopy(m.samples(), y * m.width(), s, y * w, w);
            m = new Mosaic(h, w, s);
        }
        SpectralCube cube = X2Cube.toCube(m, pattern);
        if (bands == cube.bands()) return cube;
        // Band-sequential layout: the first `bands` bands are a prefix of the data.
        return new SpectralCube(bands, cube.height(), cube.width(),
                java.util.Arrays.copyOf(cube.data(), bands * cube.pixelsPerBand()));
    }

    @Override
    public String toString() {
        return "HotSequence[" + name + ", " + frames.size() + " frames, " + bands() + " bands]";
    }
}
