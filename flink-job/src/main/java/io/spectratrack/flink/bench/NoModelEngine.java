package io.spectratrack.flink.bench;

import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.tracking.TargetSeed;
import io.spectratrack.flink.tracking.TargetStep;
import io.spectratrack.flink.tracking.TargetTracking;
import io.spectratrack.flink.tracking.TrackingEngine;
import io.spectratrack.geometry.Box;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The benchmark's "plumbing only" engine: every frame goes through Kafka, decoding, the keyed
 * state and the sinks exactly as with the model, but a step only reads the frame once and keeps
 * each box. Its throughput is what Kafka + Flink cost per frame on this machine without the model.
 */
final class NoModelEngine implements TrackingEngine {
    private static final long serialVersionUID = 1L;
    private final int bands;

    NoModelEngine(int bands) {
        this.bands = bands;
    }

    @Override
    public TargetTracking open() {
        return new TargetTracking() {
            @Override public void close() {}

            @Override
            public List<TargetState> start(SpectralCube frame, long frameIndex, List<TargetSeed> seeds) {
                List<TargetState> out = new ArrayList<>();
                for (TargetSeed s : seeds) {
                    out.add(TargetState.newBuilder().setTargetId(s.targetId())
                            .setTemplateFeatures(ByteBuffer.wrap(new byte[4])).setFeatureShape(List.of(1))
                            .setBandOrder(IntStream.range(0, bands).boxed().toList())
                            .setCentreX(s.box().centreX()).setCentreY(s.box().centreY())
                            .setWidth(s.box().width()).setHeight(s.box().height())
                            .setLastFrameIndex(frameIndex).setModelId("no-model").build());
                }
                return out;
            }

            @Override
            public List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets) {
                // Touch the whole cube once, as any tracker must (and so the JIT cannot skip the copy).
                float sum = 0;
                for (float v : frame.data()) sum += v;
                float score = Float.isFinite(sum) ? 1f : 0f;
                List<TargetStep> out = new ArrayList<>();
                for (TargetState t : targets) {
                    Box b = Box.ofCentre(t.getCentreX(), t.getCentreY(), t.getWidth(), t.getHeight());
                    out.add(new TargetStep(t, b, score, TrackStatus.TRACKING, FoundBy.FOLLOWED, new float[bands], new int[bands],
                            new int[][] {{0, 1, 2}}, new float[] {1f}));
                }
                return out;
            }
        };
    }
}
