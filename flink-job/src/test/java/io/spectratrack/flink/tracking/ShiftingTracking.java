package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A deterministic stand-in for the model (harness and pipeline tests that are about state and
 * routing, not vision): each step moves the box by the frame's first sample plus one pixel, so a
 * frame tracked twice, skipped or tracked out of order shows in the boxes. A move of
 * {@link #JUMP} pixels or more is reported as a re-detection, as the real tracker reports a box
 * taken from a neighbouring window.
 */
public class ShiftingTracking implements TargetTracking {
    public static final String MODEL_ID = "shifting-test-model";
    public static final double JUMP = 10;
    private final int bands;

    public ShiftingTracking(int bands) {
        this.bands = bands;
    }

    public static TrackingEngine engine(int bands) {
        return () -> new ShiftingTracking(bands);
    }


    @Override
    public List<TargetState> start(SpectralCube frame, long frameIndex, List<TargetSeed> seeds) {
        List<TargetState> out = new ArrayList<>();
        for (TargetSeed s : seeds) {
            out.add(TargetState.newBuilder()
                    .setTargetId(s.targetId())
                    .setTemplateFeatures(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                    .setFeatureShape(List.of(1))
                    // As a model's band ranking: one entry per band of the frames it was started on.
                    .setBandOrder(IntStream.range(0, frame.bands()).boxed().toList())
                    .setCentreX(s.box().centreX()).setCentreY(s.box().centreY())
                    .setWidth(s.box().width()).setHeight(s.box().height())
                    .setLastFrameIndex(frameIndex)
                    .setModelId(MODEL_ID)
                    .build());
        }
        return out;
    }

    @Override
    public List<TargetStep> step(SpectralCube frame, long frameIndex, List<TargetState> targets) {
        List<TargetStep> out = new ArrayList<>();
        double dx = 1 + frame.data()[0];
        for (TargetState t : targets) {
            TargetState next = TargetState.newBuilder(t).setCentreX(t.getCentreX() + dx).build();
            Box b = Box.ofCentre(next.getCentreX(), next.getCentreY(), next.getWidth(), next.getHeight());
            out.add(new TargetStep(next, b, 0.9f, TrackStatus.TRACKING, dx >= JUMP ? FoundBy.REDETECTED : FoundBy.FOLLOWED,
                    new float[bands], new int[bands],
                    new int[][] {{0, 1, 2}}, new float[] {1f}));
        }
        return out;
    }

    @Override public void close() {}
}
