package io.spectratrack.flink.tracking;

import io.spectratrack.avro.TargetState;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.tracking.LastSighting;
import io.spectratrack.tracking.SpectralSignature;
import io.spectratrack.tracking.TargetTrack;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracker's {@link TargetTrack} and the job's Avro {@link TargetState}, one field onto one
 * field, losslessly (floats as little-endian bytes), so a target restored from a savepoint steps
 * exactly as it would have without the interruption.
 */
public final class TargetStates {
    private TargetStates() {}

    public static TargetState toState(TargetTrack t, long lastSeenMs) {
        TemplateEmbedding e = t.template();
        ByteBuffer b = ByteBuffer.allocate(e.features().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(e.features());
        return TargetState.newBuilder()
                .setTargetId(t.targetId())
                .setTemplateFeatures(b)
                .setFeatureShape(ints(e.featureShape()))
                .setTemplateImportance(floats(e.bandImportance()))
                .setBandOrder(ints(e.bandOrder()))
                .setCentreX(t.centreX()).setCentreY(t.centreY())
                .setWidth(t.width()).setHeight(t.height())
                .setLastScore(t.lastScore())
                .setStatus(t.status())
                .setLostCount(t.lostCount())
                .setLastFrameIndex(t.lastFrameIndex())
                .setModelId(t.modelId())
                .setLastSeenMs(lastSeenMs)
                .setVelocityX(t.velocityX()).setVelocityY(t.velocityY()).setSpeed(t.speed())
                .setSpectralWeights(floats(t.spectral().weights()))
                .setSpectralBias(t.spectral().bias())
                .setSpectralSeparability(t.spectral().separability())
                .setSpectralBoxScaleX(t.spectral().boxScaleX())
                .setSpectralBoxScaleY(t.spectral().boxScaleY())
                .setSightingScore(t.sighting().referenceScore())
                .setSightingX(t.sighting().centreX()).setSightingY(t.sighting().centreY())
                .setDoubtfulFrames(t.sighting().doubtfulFrames())
                .build();
    }

    public static TargetTrack toTrack(TargetState s) {
        ByteBuffer b = s.getTemplateFeatures().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] features = new float[b.remaining() / 4];
        b.asFloatBuffer().get(features);
        TemplateEmbedding e = new TemplateEmbedding(features, ints(s.getFeatureShape()), floats(s.getTemplateImportance()),
                ints(s.getBandOrder()));
        return new TargetTrack(s.getTargetId(), e, s.getCentreX(), s.getCentreY(), s.getWidth(), s.getHeight(),
                s.getLastScore(), s.getStatus(), s.getLostCount(), s.getLastFrameIndex(), s.getModelId(),
                s.getVelocityX(), s.getVelocityY(), s.getSpeed(), spectral(s), sighting(s));
    }

    /** A state written before the last sighting existed restores as a target last seen where it is, with no reference yet. */
    static LastSighting sighting(TargetState s) {
        if (!(s.getSightingScore() > 0)) return LastSighting.at(s.getCentreX(), s.getCentreY());
        return new LastSighting(s.getSightingScore(), s.getSightingX(), s.getSightingY(), s.getDoubtfulFrames());
    }

    /** A state written before signatures existed restores without one (the network alone). */
    static SpectralSignature spectral(TargetState s) {
        if (s.getSpectralWeights().isEmpty()) return SpectralSignature.NONE;
        return new SpectralSignature(floats(s.getSpectralWeights()), s.getSpectralBias(), s.getSpectralSeparability(),
                s.getSpectralBoxScaleX(), s.getSpectralBoxScaleY());
    }

    static List<Integer> ints(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) l.add(v);
        return l;
    }

    static int[] ints(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    static List<Float> floats(float[] a) {
        List<Float> l = new ArrayList<>(a == null ? 0 : a.length);
        if (a != null) for (float v : a) l.add(v);
        return l;
    }

    static float[] floats(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
