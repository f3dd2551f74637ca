package io.spectratrack.cube;

/**
 * Raw integer mosaic samples straight to a calibrated, 16-bit, band-sequential cube, in one pass.
 *
 * <p>The general path ({@link SampleFormat#decode}, {@link X2Cube#toCube}, {@link Calibration#apply},
 * {@link SampleFormat#encode}) walks a frame four times and allocates three float copies of it;
 * at 25 frames/s that alone cost the ingest gateway about 15 ms of CPU a frame. With one dark and
 * one white value per band (what cameras store, and what {@code CameraCalibration} usually holds),
 * the output word of a raw sample depends only on its band and its value, so each band gets a
 * lookup table of {@code 2^bitDepth} words computed once per calibration with exactly the general
 * path's float arithmetic: the output is bit-identical to it, and a frame costs one gather and
 * one table read per sample.
 *
 * <p>Output words are reflectance in [0, 1] scaled by 65535 ({@link SampleFormat#UINT16}), so
 * reflectance above the white reference saturates at 1.
 */
public final class CalibratedDemosaic {
    private final int pattern;
    private final int bitDepth;
    private final SampleFormat input;
    /** Per band, the output word of each raw value 0 .. 2^bitDepth-1. */
    private final char[][] table;

    private CalibratedDemosaic(int pattern, int bitDepth, SampleFormat input, char[][] table) {
        this.pattern = pattern;
        this.bitDepth = bitDepth;
        this.input = input;
        this.table = table;
    }

    /**
     * The kernel for a camera, or null when its references are full cubes (per-pixel references
     * need the general path). A null {@code dark} means no offset, a null {@code white} unit gain.
     */
    public static CalibratedDemosaic of(int pattern, int bitDepth, SpectralCube dark, SpectralCube white) {
        X2Cube.requirePattern(pattern);
        SampleFormat input = SampleFormat.forBitDepth(bitDepth);
        if (input == SampleFormat.FLOAT32) return null;
        int bands = pattern * pattern;
        if (!perBand(dark, bands) || !perBand(white, bands)) return null;
        int levels = 1 << bitDepth;
        float scale = 1f / (levels - 1);
        char[][] table = new char[bands][levels];
        for (int b = 0; b < bands; b++) {
            float d = dark == null ? 0f : dark.data()[b];
            float gain = (white == null ? 1f : white.data()[b]) - d;
            for (int v = 0; v < levels; v++) {
                // The general path's arithmetic, step by step: decode, correct, quantise.
                float x = v * scale;
                float r = gain > Calibration.MIN_GAIN ? (x - d) / gain : 0f;
                table[b][v] = (char) SampleFormat.quantise(r, 65535);
            }
        }
        return new CalibratedDemosaic(pattern, bitDepth, input, table);
    }

    private static boolean perBand(SpectralCube ref, int bands) {
        return ref == null || (ref.bands() == bands && ref.height() == 1 && ref.width() == 1);
    }

    public int bitDepth() { return bitDepth; }
    public SampleFormat input() { return input; }

    /**
     * The calibrated cube's UINT16 little-endian words, band-sequential, from a
     * {@code mosaicWidth x mosaicHeight} mosaic's raw little-endian samples. A sample above the bit
     * depth fails with {@link SpectralDataException}, as in {@link SampleFormat#decode}.
     */
    public byte[] toUint16(byte[] raw, int mosaicWidth, int mosaicHeight, String where) {
        long needed = (long) mosaicWidth * mosaicHeight * input.bytesPerSample();
        if (raw.length != needed || mosaicWidth % pattern != 0 || mosaicHeight % pattern != 0) {
            throw new SpectralDataException(where + ": a " + mosaicWidth + "x" + mosaicHeight + " " + input
                    + " mosaic of " + pattern + "x" + pattern + " tiles needs " + needed + " bytes, the record holds " + raw.length);
        }
        int h = mosaicHeight / pattern;
        int w = mosaicWidth / pattern;
        int max = (1 << bitDepth) - 1;
        int plane = h * w;
        byte[] out = new byte[pattern * pattern * plane * 2];
        boolean words = input == SampleFormat.UINT16;
        // Mosaic row by row: a row (a few kB) stays in the first-level cache while each of the
        // `pattern` bands of its tile row reads its samples from it with a stride and writes one
        // sequential run; the band's table is looked up once per run.
        int rowBytes = mosaicWidth * (words ? 2 : 1);
        for (int r = 0; r < mosaicHeight; r++) {
            int i = r / pattern;
            int firstBand = (r % pattern) * pattern;
            int rowStart = r * rowBytes;
            for (int dx = 0; dx < pattern; dx++) {
                int k = firstBand + dx;
                char[] lut = table[k];
                int o = 2 * (k * plane + i * w);
                if (words) {
                    for (int j = 0, at = rowStart + 2 * dx; j < w; j++, at += 2 * pattern) {
                        int v = (raw[at] & 0xFF) | ((raw[at + 1] & 0xFF) << 8);
                        if (v > max) throw tooDeep(where, at / 2, v);
                        char c = lut[v];
                        out[o++] = (byte) c;
                        out[o++] = (byte) (c >>> 8);
                    }
                } else {
                    for (int j = 0, at = rowStart + dx; j < w; j++, at += pattern) {
                        int v = raw[at] & 0xFF;
                        if (v > max) throw tooDeep(where, at, v);
                        char c = lut[v];
                        out[o++] = (byte) c;
                        out[o++] = (byte) (c >>> 8);
                    }
                }
            }
        }
        return out;
    }

    private SpectralDataException tooDeep(String where, int sample, int value) {
        return new SpectralDataException(where + ": sample " + sample + " has value " + value
                + ", more than a " + bitDepth + "-bit camera can produce");
    }
}
