package io.spectratrack.flink.source;

import io.spectratrack.cube.SpectralCube;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A validated frame on its way to the keyed tracker: the samples as little-endian float32 bytes
 * (band-sequential) plus the header fields the job needs. A Flink POJO; the samples travel as a
 * byte array because Flink copies and serializes byte arrays in bulk, while a float array goes
 * value by value (millions of calls per frame across the network and into the frame buffer).
 */
public class FrameEvent {
    public String cameraId;
    public long frameIndex;
    public long captureTimeMs;
    public int bands;
    public int height;
    public int width;
    public byte[] samples;

    public FrameEvent() {}

    public FrameEvent(String cameraId, long frameIndex, long captureTimeMs, int bands, int height, int width,
                      byte[] float32Samples) {
        this.cameraId = cameraId;
        this.frameIndex = frameIndex;
        this.captureTimeMs = captureTimeMs;
        this.bands = bands;
        this.height = height;
        this.width = width;
        this.samples = float32Samples;
    }

    public FrameEvent(String cameraId, long frameIndex, long captureTimeMs, SpectralCube cube) {
        this(cameraId, frameIndex, captureTimeMs, cube.bands(), cube.height(), cube.width(), float32(cube.data()));
    }

    /** The cube (decoded from the bytes; the frame was validated when it entered the job). */
    public SpectralCube cube() {
        float[] data = new float[bands * height * width];
        ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new SpectralCube(bands, height, width, data);
    }

    static byte[] float32(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    @Override
    public String toString() {
        return "frame " + cameraId + "#" + frameIndex;
    }
}
