package io.spectratrack.flink.source;

import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A validated frame on its way to the keyed tracker: the samples exactly as they came on the wire
 * (band-sequential, little-endian 16-bit words from the ingest gateway, or float32) plus the header
 * fields the job needs. A Flink POJO; the samples travel as a byte array because Flink copies and
 * serializes byte arrays in bulk, and in their wire packing because that is the least to move:
 * a 16-band 256x192 frame is 1.5 MB as words, 3.1 MB as floats. They become floats once, in
 * {@link #cube()}, where the tracker reads them.
 */
public class FrameEvent {
    public String cameraId;
    public long frameIndex;
    public long captureTimeMs;
    public int bands;
    public int height;
    public int width;
    /** How {@link #samples} are packed; null (a record of an older job version) means FLOAT32. */
    public SampleFormat format;
    public byte[] samples;
    /** The camera's boot id (HyperspectralFrame.bootId; 0: none reported): frameIndex counts from its start. */
    public long bootId;
    /** Where the frame was read (for dead letters about it); null, -1, -1 when not from Kafka. */
    public String sourceTopic;
    public int sourcePartition = -1;
    public long sourceOffset = -1;

    public FrameEvent() {}

    public FrameEvent(String cameraId, long frameIndex, long captureTimeMs, int bands, int height, int width,
                      SampleFormat format, byte[] samples) {
        this.cameraId = cameraId;
        this.frameIndex = frameIndex;
        this.captureTimeMs = captureTimeMs;
        this.bands = bands;
        this.height = height;
        this.width = width;
        this.format = format;
        this.samples = samples;
    }

    public FrameEvent(String cameraId, long frameIndex, long captureTimeMs, SpectralCube cube) {
        this(cameraId, frameIndex, captureTimeMs, cube.bands(), cube.height(), cube.width(), SampleFormat.FLOAT32,
                float32(cube.data()));
    }

    /** This frame, noted as read from {@code in}'s topic, partition and offset. */
    public FrameEvent readFrom(KafkaInput in) {
        sourceTopic = in.topic;
        sourcePartition = in.partition;
        sourceOffset = in.offset;
        return this;
    }

    /** The cube, decoded from the samples (validated when the frame entered the job). */
    public SpectralCube cube() {
        int count = bands * height * width;
        SampleFormat f = format == null ? SampleFormat.FLOAT32 : format;
        float[] data;
        if (f == SampleFormat.FLOAT32) {
            data = new float[count];
            ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            data = f.decode(samples, count, f == SampleFormat.UINT8 ? 8 : 16, toString());
        }
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
