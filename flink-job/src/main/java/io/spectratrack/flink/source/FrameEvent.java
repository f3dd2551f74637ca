package io.spectratrack.flink.source;

import io.spectratrack.cube.SpectralCube;

/**
 * A validated frame on its way to the keyed tracker: the decoded cube (band-sequential floats)
 * and the header fields the job needs. A Flink POJO, so the float array is copied with a
 * primitive-array serializer rather than through Avro or Kryo.
 */
public class FrameEvent {
    public String cameraId;
    public long frameIndex;
    public long captureTimeMs;
    public int bands;
    public int height;
    public int width;
    public float[] samples;

    public FrameEvent() {}

    public FrameEvent(String cameraId, long frameIndex, long captureTimeMs, SpectralCube cube) {
        this.cameraId = cameraId;
        this.frameIndex = frameIndex;
        this.captureTimeMs = captureTimeMs;
        this.bands = cube.bands();
        this.height = cube.height();
        this.width = cube.width();
        this.samples = cube.data();
    }

    public SpectralCube cube() {
        return new SpectralCube(bands, height, width, samples);
    }

    @Override
    public String toString() {
        return "frame " + cameraId + "#" + frameIndex;
    }
}
