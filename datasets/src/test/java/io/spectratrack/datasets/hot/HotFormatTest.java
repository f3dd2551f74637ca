package io.spectratrack.datasets.hot;

import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.geometry.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HotFormatTest {
    @TempDir Path tmp;

    /** A small in-memory sequence of random cubes. */
    record FakeSequence(String name, List<SpectralCube> cubes, List<Box> groundTruth, Set<String> attributes) implements VideoSequence {
        @Override public int frameCount() { return cubes.size(); }
        @Override public SpectralCube frame(int i) { return cubes.get(i); }
    }

    static FakeSequence fake(String name, int bands, int h, int w, int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<SpectralCube> cubes = new ArrayList<>();
        List<Box> gt = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            float[] d = new float[bands * h * w];
            for (int i = 0; i < d.length; i++) d[i] = (float) r.nextDouble();
            cubes.add(new SpectralCube(bands, h, w, d));
            gt.add(new Box(0, f, 5.5, 7)); // touches the left border
        }
        return new FakeSequence(name, cubes, gt, Set.of("occlusion", "camouflage"));
    }

    @Test
    void writtenSequenceReadsBackWithinQuantisation() {
        FakeSequence seq = fake("seqA", 16, 29, 37, 3, 1); // 37x29 band images: not a multiple of 8
        new HotWriter(tmp, 12).write(seq, null, null);
        List<HotSequence> read = HotDataset.open(tmp);
        assertThat(read).hasSize(1);
        HotSequence s = read.get(0);
        assertThat(s.name()).isEqualTo("seqA");
        assertThat(s.frameCount()).isEqualTo(3);
        assertThat(s.bitDepth()).isEqualTo(12);
        assertThat(s.groundTruth()).isEqualTo(seq.groundTruth());
        assertThat(s.attributes()).containsExactlyInAnyOrder("occlusion", "camouflage");
        assertThat(Files.exists(tmp.resolve("seqA/HSI/0001.png"))).isTrue();
        for (int f = 0; f < 3; f++) {
            SpectralCube a = seq.frame(f), b = s.frame(f);
            assertThat(b.bands()).isEqualTo(16);
            assertThat(b.width()).isEqualTo(37);
            assertThat(b.height()).isEqualTo(29);
            for (int i = 0; i < a.data().length; i += 7) assertThat(b.data()[i]).isCloseTo(a.data()[i], within(0.6f / 4095));
        }
    }

    @Test
    void nirSequencesUseTheFiveByFivePatternFromMetadataOrFlag() {
        FakeSequence seq = fake("nir", 25, 13, 11, 2, 2);
        new HotWriter(tmp, 10).write(seq, null, null);
        HotSequence s = HotDataset.open(tmp).get(0);
        assertThat(s.pattern()).isEqualTo(5);
        assertThat(s.frame(1).bands()).isEqualTo(25);
        assertThat(s.frame(1).data()[100]).isCloseTo(seq.frame(1).data()[100], within(0.6f / 1023));
        // Without metadata the flag decides.
        HotSequence forced = HotDataset.open(tmp, new HotDataset.Options(5, null)).get(0);
        assertThat(forced.pattern()).isEqualTo(5);
    }

    @Test
    void hotCameraFoldersImplyThePatternWithoutMetadata() throws Exception {
        for (String cam : List.of("HSI-NIR", "HSI-RedNIR", "HSI-VIS")) {
            Path hsi = Files.createDirectories(tmp.resolve("validation/" + cam + "/car/HSI"));
            BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
            ImageIO.write(img, "png", hsi.resolve("0001.png").toFile());
            Files.writeString(hsi.resolve("groundtruth_rect.txt"), "1 1 2 2\n");
        }
        List<HotSequence> all = HotDataset.open(tmp);
        assertThat(all).extracting(HotSequence::name).containsExactly("validation/HSI-NIR/car", "validation/HSI-RedNIR/car", "validation/HSI-VIS/car");
        assertThat(all).extracting(HotSequence::bands).containsExactly(25, 15, 16);
        assertThat(all.get(1).frame(0).bands()).isEqualTo(15);
        // Image size alone: 35x25 is a whole number of 5x5 tiles but not of 4x4 ones.
        Path odd = Files.createDirectories(tmp.resolve("plain/seq/HSI"));
        ImageIO.write(new BufferedImage(35, 25, BufferedImage.TYPE_BYTE_GRAY), "png", odd.resolve("0001.png").toFile());
        Files.writeString(odd.resolve("groundtruth_rect.txt"), "1 1 2 2\n");
        assertThat(HotDataset.open(tmp.resolve("plain")).get(0).pattern()).isEqualTo(5);
    }

    @Test
    void redNirKeepsTheFirstFifteenBands() throws Exception {
        FakeSequence seq = fake("rednir", 16, 9, 10, 1, 5);
        new HotWriter(tmp, 12).write(seq, null, null);
        HotSequence s = HotDataset.open(tmp, new HotDataset.Options(null, null, 15)).get(0);
        assertThat(s.bands()).isEqualTo(15);
        SpectralCube c = s.frame(0);
        assertThat(c.bands()).isEqualTo(15);
        assertThat(c.get(14, 8, 9)).isCloseTo(seq.frame(0).get(14, 8, 9), within(0.6f / 4095));
        new SequenceMetadata(4, 12, null, "x", 15).write(tmp.resolve("rednir"));
        assertThat(HotDataset.open(tmp).get(0).frame(0).bands()).isEqualTo(15);
    }

    @Test
    void sixteenBitPngsHoldingTwelveBitValuesAreDetectedWithoutMetadata() throws Exception {
        Path hsi = Files.createDirectories(tmp.resolve("raw12/HSI"));
        // 16-bit PNG written by another program: no sBIT chunk, values up to 4095.
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_USHORT_GRAY);
        int[] v = new int[40 * 24];
        for (int i = 0; i < v.length; i++) v[i] = (i * 37) % 4096;
        img.getRaster().setSamples(0, 0, 40, 24, 0, v);
        ImageIO.write(img, "png", hsi.resolve("0001.png").toFile());
        Files.writeString(tmp.resolve("raw12/groundtruth_rect.txt"), "1\t2\t3\t4\t\n");
        HotSequence s = HotDataset.open(tmp).get(0);
        assertThat(s.bitDepth()).isEqualTo(12);
        Mosaic m = s.mosaic(0);
        assertThat(m.get(0, 1)).isCloseTo(37f / 4095, within(1e-6f));
        SpectralCube c = s.frame(0);
        assertThat(c.bands()).isEqualTo(16);
        assertThat(c.width()).isEqualTo(10);
        assertThat(c.height()).isEqualTo(6);
        // The explicit bit depth wins.
        assertThat(HotDataset.open(tmp, new HotDataset.Options(null, 16)).get(0).mosaic(0).get(0, 1)).isCloseTo(37f / 65535, within(1e-7f));
    }

    @Test
    void eightBitPngsScaleBy255() throws Exception {
        Path hsi = Files.createDirectories(tmp.resolve("s8/HSI"));
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(3, 2, 0, 255);
        ImageIO.write(img, "png", hsi.resolve("0001.png").toFile());
        Files.writeString(hsi.resolve("groundtruth_rect.txt"), "1 2 3 4\n"); // HOT2020 keeps it inside HSI/
        HotSequence s = HotDataset.open(tmp.resolve("s8")).get(0);
        assertThat(s.bitDepth()).isEqualTo(8);
        assertThat(s.mosaic(0).get(2, 3)).isEqualTo(1f);
        assertThat(s.groundTruth()).containsExactly(new Box(1, 2, 3, 4));
    }

    @Test
    void mosaicsWithPartialTilesLoseTheRaggedEdge() throws Exception {
        Path hsi = Files.createDirectories(tmp.resolve("crop/HSI"));
        BufferedImage img = new BufferedImage(150, 101, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", hsi.resolve("0001.png").toFile());
        Files.writeString(tmp.resolve("crop/groundtruth_rect.txt"), "0,0,5,5\n");
        SpectralCube c = HotDataset.open(tmp).get(0).frame(0);
        assertThat(c.width()).isEqualTo(37);
        assertThat(c.height()).isEqualTo(25);
    }

    @Test
    void framesSortNumerically() throws Exception {
        Path hsi = Files.createDirectories(tmp.resolve("num/HSI"));
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (String n : List.of("1.png", "10.png", "2.png")) ImageIO.write(img, "png", hsi.resolve(n).toFile());
        Files.writeString(tmp.resolve("num/groundtruth_rect.txt"), "0 0 1 1\n0 0 1 1\n0 0 1 1\n");
        HotSequence s = HotDataset.open(tmp).get(0);
        assertThat(s.frameFile(1).getFileName().toString()).isEqualTo("2.png");
        assertThat(s.frameFile(2).getFileName().toString()).isEqualTo("10.png");
    }

    @Test
    void groundTruthAcceptsTabsSpacesCommasAndTrailingSeparators() throws Exception {
        Path f = tmp.resolve("gt.txt");
        Files.writeString(f, "\uFEFF10\t20\t30\t40\t\n11 21 31 41\n12,22,33.5,44\n 13 ,23, 34 ,45 \nNaN NaN NaN NaN\n\n\n");
        List<Box> gt = GroundTruthFile.read(f);
        assertThat(gt).hasSize(5);
        assertThat(gt.get(0)).isEqualTo(new Box(10, 20, 30, 40));
        assertThat(gt.get(1)).isEqualTo(new Box(11, 21, 31, 41));
        assertThat(gt.get(2)).isEqualTo(new Box(12, 22, 33.5, 44));
        assertThat(gt.get(3)).isEqualTo(new Box(13, 23, 34, 45));
        assertThat(gt.get(4).isValid()).isFalse();
    }

    @Test
    void badGroundTruthNamesFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "1 2 3 4\n1 2 x 4\n");
        assertThatThrownBy(() -> GroundTruthFile.read(f)).isInstanceOf(HotFormatException.class)
                .hasMessageContaining("bad.txt line 2").hasMessageContaining("'x'");
        Files.writeString(f, "1 2 3\n");
        assertThatThrownBy(() -> GroundTruthFile.read(f)).hasMessageContaining("line 1").hasMessageContaining("4 numbers");
    }

    @Test
    void emptyFolderIsAClearError() {
        assertThatThrownBy(() -> HotDataset.open(tmp)).isInstanceOf(HotFormatException.class).hasMessageContaining("no HOT sequences");
        assertThatThrownBy(() -> HotDataset.open(tmp.resolve("nope"))).hasMessageContaining("does not exist");
    }

    @Test
    void nestedSplitsAreFoundAndNamedByRelativePath() {
        new HotWriter(tmp.resolve("test"), 12).write(fake("b", 16, 8, 8, 1, 3), null, null);
        new HotWriter(tmp.resolve("test"), 12).write(fake("a", 16, 8, 8, 1, 4), null, null);
        assertThat(HotDataset.open(tmp)).extracting(HotSequence::name).containsExactly("test/a", "test/b");
    }
}
