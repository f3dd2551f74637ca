package io.spectratrack.cube;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How raw samples are packed on the wire and in files. Cameras deliver 8-bit, 10/12/16-bit
 * (carried in 16-bit little-endian words) or already-float data; everything downstream works on
 * floats scaled to [0, 1] for integer data so that one model serves sensors of any bit depth.
 */
public enum SampleFormat {
    UINT8(1), UINT16(2), FLOAT32(4);

    private final int bytesPerSample;

    SampleFormat(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The integer format that holds {@code bitDepth} bits (1-8 in a byte, 9-16 in a word). */
    public static SampleFormat forBitDepth(int bitDepth) {
        if (bitDepth >= 1 && bitDepth <= 8) return UINT8;
        if (bitDepth >= 9 && bitDepth <= 16) return UINT16;
        if (bitDepth == 32) return FLOAT32;
        throw new SpectralDataException("bit depth " + bitDepth + " is not supported (1-16 integer, or 32 float)");
    }

    /**
     * Decodes {@code count} samples into floats. Integer samples are divided by
     * {@code 2^bitDepth - 1} so a 12-bit camera in 16-bit words and an 8-bit camera give the same
     * range; samples above the declared bit depth are rejected because they mean the record's
     * header lies about the data.
     */
    public float[] decode(byte[] bytes, int count, int bitDepth, String where) {
        long needed = (long) count * bytesPerSample;
        if (bytes.length != needed) {
            throw new SpectralDataException(where + ": " + count + " " + this + " samples need " + needed
                    + " bytes but the record holds " + bytes.length);
        }
        float[] out = new float[count];
        switch (this) {
            case UINT8 -> {
                int max = (1 << bitDepth) - 1;
                float scale = 1f / max;
                for (int i = 0; i < count; i++) {
                    int v = bytes[i] & 0xFF;
                    if (v > max) throw tooDeep(where, i, v, bitDepth);
                    out[i] = v * scale;
                }
            }
            case UINT16 -> {
                int max = (1 << bitDepth) - 1;
                float scale = 1f / max;
                for (int i = 0, j = 0; i < count; i++, j += 2) {
                    int v = (bytes[j] & 0xFF) | ((bytes[j + 1] & 0xFF) << 8);
                    if (v > max) throw tooDeep(where, i, v, bitDepth);
                    out[i] = v * scale;
                }
            }
            case FLOAT32 -> ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        }
        return out;
    }

    /** Inverse of {@link #decode}: floats in [0, 1] to integer words, or raw floats. */
    public byte[] encode(float[] samples, int bitDepth) {
        byte[] out = new byte[samples.length * bytesPerSample];
        switch (this) {
            case UINT8 -> {
                int max = (1 << bitDepth) - 1;
                for (int i = 0; i < samples.length; i++) out[i] = (byte) quantise(samples[i], max);
            }
            case UINT16 -> {
                int max = (1 << bitDepth) - 1;
                for (int i = 0, j = 0; i < samples.length; i++, j += 2) {
                    int v = quantise(samples[i], max);
                    out[j] = (byte) v;
                    out[j + 1] = (byte) (v >>> 8);
                }
            }
            case FLOAT32 -> ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(samples);
        }
        return out;
    }

    static int quantise(float v, int max) {
        float c = Math.max(0f, Math.min(1f, v));
        return Math.round(c * max);
    }

    private static SpectralDataException tooDeep(String where, int index, int value, int bitDepth) {
        return new SpectralDataException(where + ": sample " + index + " has value " + value
                + ", more than a " + bitDepth + "-bit camera can produce");
    }
}
