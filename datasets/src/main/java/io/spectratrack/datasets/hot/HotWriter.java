package io.spectratrack.datasets.hot;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.geometry.Box;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Writes sequences in the HOT layout {@link HotDataset} reads: {@code <root>/<name>/HSI/0001.png ...}
 * (each frame a grey mosaic made by {@link X2Cube#toMosaic}, 8-bit or 16-bit words holding
 * {@code bitDepth} bits), {@code <root>/<name>/groundtruth_rect.txt} (tab-separated {@code x y w h}),
 * plus the optional {@code attributes.txt} and {@code sequence.properties}.
 */
public final class HotWriter {
    private final Path root;
    private final int bitDepth;

    public HotWriter(Path root, int bitDepth) {
        if (bitDepth < 1 || bitDepth > 16) throw new IllegalArgumentException("bit depth must be 1..16, got " + bitDepth);
        this.root = root;
        this.bitDepth = bitDepth;
    }

    /** Writes a whole sequence; {@code progress} receives each frame index after it is written. */
    public Path write(VideoSequence seq, double[] wavelengthsNm, IntConsumer progress) {
        Path dir = root.resolve(seq.name());
        Integer pattern = null;
        for (int i = 0; i < seq.frameCount(); i++) {
            SpectralCube cube = seq.frame(i);
            pattern = (int) Math.round(Math.sqrt(cube.bands()));
            writeFrame(dir, i, cube);
            if (progress != null) progress.accept(i);
        }
        finish(dir, seq.groundTruth(), seq.attributes(), new SequenceMetadata(pattern, bitDepth, wavelengthsNm, "spectratrack"));
        if (seq.visibility() != null) VisibilityFile.write(dir, seq.visibility());
        return dir;
    }

    /** Frame {@code index} (0-based) as {@code HSI/<index+1, 4 digits>.png}. */
    public void writeFrame(Path seqDir, int index, SpectralCube cube) {
        MosaicPng.write(seqDir.resolve(HotDataset.FRAMES_DIR).resolve(String.format(Locale.ROOT, "%04d.png", index + 1)),
                X2Cube.toMosaic(cube), bitDepth);
    }

    public void finish(Path seqDir, List<Box> groundTruth, Collection<String> attributes, SequenceMetadata metadata) {
        try {
            Files.createDirectories(seqDir);
        } catch (IOException e) {
            throw new HotFormatException(seqDir + ": cannot create: " + e.getMessage(), e);
        }
        GroundTruthFile.write(seqDir.resolve(HotDataset.GROUND_TRUTH), groundTruth);
        if (attributes != null && !attributes.isEmpty()) AttributesFile.write(seqDir, attributes);
        if (metadata != null) metadata.write(seqDir);
    }

    public Path root() { return root; }
}
