package io.spectratrack.datasets.hot;

import io.spectratrack.cube.Mosaic;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Grey mosaic PNGs as HOT stores them: one sensor sample per pixel, 8 or 16 bits per sample. A
 * 16-bit file may hold 10- or 12-bit camera values; the PNG {@code sBIT} chunk says so when the
 * writer recorded it (we always do), otherwise the caller decides (see {@link HotSequence}).
 */
public final class MosaicPng {
    private MosaicPng() {}

    /** Raw integer samples of one PNG plus what the file says about their depth. */
    public record RawImage(int width, int height, int[] samples, int containerBits, int significantBits) {
        public int max() {
            int m = 0;
            for (int v : samples) m = Math.max(m, v);
            return m;
        }

        /** Samples divided by {@code 2^bitDepth - 1}, as a mosaic of floats in [0, 1]. */
        public Mosaic toMosaic(int bitDepth) {
            float scale = 1f / ((1 << bitDepth) - 1);
            float[] f = new float[samples.length];
            for (int i = 0; i < f.length; i++) f[i] = Math.min(1f, samples[i] * scale);
            return new Mosaic(height, width, f);
        }
    }

    public static RawImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HotFormatException(file + ": frame file does not exist");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new HotFormatException(file + ": not a readable image (expected a grey PNG mosaic)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                BufferedImage img = reader.read(0);
                int significant = significantBits(reader);
                Raster r = img.getRaster();
                int bits = r.getSampleModel().getSampleSize(0);
                if (bits != 8 && bits != 16) {
                    throw new HotFormatException(file + ": " + bits + "-bit samples; HOT mosaics are 8- or 16-bit");
                }
                // Colour PNGs are not mosaics; a grey image saved as RGB has equal channels, so band 0 is it.
                int[] samples = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
                return new RawImage(r.getWidth(), r.getHeight(), samples, bits, significant > 0 ? significant : bits);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new HotFormatException(file + ": cannot read PNG: " + e.getMessage(), e);
        }
    }

    /** The sBIT grey value of a PNG, or 0 when the chunk is absent. */
    private static int significantBits(ImageReader reader) {
        try {
            IIOMetadata md = reader.getImageMetadata(0);
            if (md == null || !"javax_imageio_png_1.0".equals(md.getNativeMetadataFormatName())) return 0;
            Node root = md.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if ("sBIT".equals(n.getNodeName())) {
                    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if ("sBIT_Grayscale".equals(c.getNodeName())) {
                            Node g = c.getAttributes().getNamedItem("gray");
                            return g == null ? 0 : Integer.parseInt(g.getNodeValue());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Writes a mosaic of floats in [0, 1] as a grey PNG: 8-bit for {@code bitDepth <= 8}, else
     * 16-bit words holding {@code bitDepth}-bit values with an sBIT chunk saying so.
     */
    public static void write(Path file, Mosaic mosaic, int bitDepth) {
        if (bitDepth < 1 || bitDepth > 16) {
            throw new IllegalArgumentException("bit depth must be 1..16, got " + bitDepth);
        }
        int w = mosaic.width();
        int h = mosaic.height();
        int max = (1 << bitDepth) - 1;
        BufferedImage img = new BufferedImage(w, h, bitDepth <= 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        float[] src = mosaic.samples();
        int[] q = new int[src.length];
        for (int i = 0; i < q.length; i++) {
            float v = Math.max(0f, Math.min(1f, src[i]));
            q[i] = Math.round(v * max);
        }
        r.setSamples(0, 0, w, h, 0, q);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                // Noisy sensor data barely compresses; the fastest deflate level costs little space.
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
                IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
                int container = bitDepth <= 8 ? 8 : 16;
                if (bitDepth != container) {
                    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
                    IIOMetadataNode sbit = new IIOMetadataNode("sBIT");
                    IIOMetadataNode grey = new IIOMetadataNode("sBIT_Grayscale");
                    grey.setAttribute("gray", Integer.toString(bitDepth));
                    sbit.appendChild(grey);
                    root.appendChild(sbit);
                    md.mergeTree("javax_imageio_png_1.0", root);
                }
                writer.write(null, new IIOImage(img, null, md), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new HotFormatException(file + ": cannot write PNG: " + e.getMessage(), e);
        }
    }
}
