package io.spectratrack.tracking;

import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SiameseTrackerTest {
    /** A fake network that always answers "target one cell to the right, same size". */
    static final class ShiftRightModel implements SiameseModel {
        final ModelMetadata meta;
        int templateCalls, trackCalls, lastBatch;

        ShiftRightModel() {
            this(0);
        }

        ShiftRightModel(double minContextSide) {
            meta = new ModelMetadata("fake", "lite", 6, 16, 32, 4, 5, 2, minContextSide);
        }

        public ModelMetadata metadata() { return meta; }

        public List<TemplateEmbedding> template(List<float[]> crops) {
            templateCalls++;
            List<TemplateEmbedding> l = new ArrayList<>();
            for (float[] c : crops) {
                assertThat(c).hasSize(16 * 16 * 6);
                l.add(new TemplateEmbedding(new float[] {c[0]}, new int[] {1}, new float[] {6, 5, 4, 3, 2, 1}, new int[] {5, 4, 3, 2, 1, 0}));
            }
            return l;
        }

        public List<TrackOutput> track(List<TemplateEmbedding> t, List<float[]> crops) {
            trackCalls++;
            lastBatch = crops.size();
            List<TrackOutput> out = new ArrayList<>();
            for (float[] c : crops) {
                assertThat(c).hasSize(32 * 32 * 6);
                float[][] cls = new float[2][25];
                float[][] reg = new float[2][100];
                for (int k = 0; k < 2; k++) {
                    Arrays.fill(cls[k], -4);
                    cls[k][2 * 5 + 3] = 4;
                    Arrays.fill(reg[k], 3.5f); // crop box 7x7 around the cell
                }
                out.add(new TrackOutput(cls, reg, new float[] {1, 1, 1, 1, 1, 1}, new float[] {0.7f, 0.3f}));
            }
            return out;
        }
    }

    static SpectralCube frame(int bands, int h, int w) {
        float[] d = new float[bands * h * w];
        for (int i = 0; i < d.length; i++) d[i] = (float) ((i * 7919L) % 101) / 101f;
        return new SpectralCube(bands, h, w, d);
    }

    @Test
    void tracksAllTargetsInOneBatchedCallAndAdvancesState() {
        ShiftRightModel m = new ShiftRightModel();
        SiameseTracker tr = new SiameseTracker(m, new TrackerConfig(0.5, 0, 0.085, 0.444, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0));
        SpectralCube f = frame(6, 60, 80);
        List<TargetTrack> targets = tr.start(f, List.of(new Box(10, 10, 8, 8), new Box(40, 30, 8, 8)));
        assertThat(m.templateCalls).isEqualTo(1);
        assertThat(targets).extracting(TargetTrack::targetId).containsExactly("0", "1");
        List<TrackStep> steps = tr.step(f, targets);
        assertThat(m.trackCalls).isEqualTo(1);
        assertThat(m.lastBatch).isEqualTo(2);
        TrackStep s = steps.get(0);
        // Context side sqrt(16*16)=16 -> search side 32 frame px for 32 crop px: one cell = 4 px to the right.
        assertThat(s.box().centreX()).isCloseTo(14 + 4, within(1e-6));
        assertThat(s.box().centreY()).isCloseTo(14, within(1e-6));
        assertThat(s.status()).isEqualTo(TrackStatus.TRACKING);
        assertThat(s.next().lastFrameIndex()).isEqualTo(1);
        assertThat(s.groups()).isDeepEqualTo(new int[][] {{5, 4, 3}, {2, 1, 0}});
        assertThat(s.branchWeights()).containsExactly(0.7f, 0.3f);
        assertThat(s.bandOrder()).containsExactly(5, 4, 3, 2, 1, 0);
    }

    @Test
    void sameInputsGiveSameOutputs() {
        SiameseTracker tr = new SiameseTracker(new ShiftRightModel(), TrackerConfig.forBands(6));
        SpectralCube f = frame(6, 50, 50);
        List<TargetTrack> a = tr.start(f, List.of(new Box(20, 20, 10, 6)));
        List<TrackStep> s1 = tr.step(f, a), s2 = tr.step(f, a);
        assertThat(s1.get(0).box()).isEqualTo(s2.get(0).box());
        assertThat(s1.get(0).next()).usingRecursiveComparison().isEqualTo(s2.get(0).next());
    }

    @Test
    void uniformFusionReportsUniformWeights() {
        SiameseTracker tr = new SiameseTracker(new ShiftRightModel(), TrackerConfig.forBands(6).withFusion(FusionMode.UNIFORM));
        SpectralCube f = frame(6, 50, 50);
        TrackStep s = tr.step(f, tr.start(f, List.of(new Box(20, 20, 10, 6)))).get(0);
        assertThat(s.branchWeights()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void wrongBandCountAndForeignTemplatesAreRejected() {
        SiameseTracker tr = new SiameseTracker(new ShiftRightModel(), TrackerConfig.forBands(6));
        assertThatThrownBy(() -> tr.start(frame(16, 20, 20), List.of(new Box(1, 1, 4, 4)))).hasMessageContaining("16 bands");
        SpectralCube f = frame(6, 50, 50);
        TargetTrack t = tr.start(f, List.of(new Box(20, 20, 10, 6))).get(0);
        TargetTrack foreign = new TargetTrack(t.targetId(), t.template(), 1, 1, 5, 5, 1, TrackStatus.TRACKING, 0, 0, "other-model");
        assertThatThrownBy(() -> tr.step(f, List.of(foreign))).hasMessageContaining("re-initialise");
    }

    /** Says "nothing here" for every window except the batch entry {@code hit}. */
    static final class OnlyOneWindowModel implements SiameseModel {
        final ShiftRightModel base = new ShiftRightModel();
        final int hit;
        final float elsewhere, peak, own;
        int lastBatch;

        OnlyOneWindowModel(int hit) { this(hit, -6); }

        /** Logit {@code elsewhere} in every cell but the centre of window {@code hit}. */
        OnlyOneWindowModel(int hit, float elsewhere) {
            this(hit, elsewhere, 6, elsewhere);
        }

        /** Logit {@code peak} at the centre of window {@code hit}, {@code own} across window 0 (the target's own), {@code elsewhere} elsewhere. */
        OnlyOneWindowModel(int hit, float elsewhere, float peak, float own) {
            this.hit = hit;
            this.elsewhere = elsewhere;
            this.peak = peak;
            this.own = own;
        }

        public ModelMetadata metadata() { return base.meta; }
        public List<TemplateEmbedding> template(List<float[]> crops) { return base.template(crops); }

        public List<TrackOutput> track(List<TemplateEmbedding> t, List<float[]> crops) {
            lastBatch = crops.size();
            List<TrackOutput> out = base.track(t, crops);
            for (int i = 0; i < out.size(); i++) {
                for (float[] c : out.get(i).cls()) {
                    Arrays.fill(c, i == 0 ? own : elsewhere);
                    if (i == hit) c[12] = peak; // centre cell of that window
                }
            }
            return out;
        }
    }

    /** Window 0 (the target's own) scores {@code here} in every cell; window 1, if searched, peaks at {@code there} in its centre. */
    static OnlyOneWindowModel twoPlaces(float here, float there) {
        return new OnlyOneWindowModel(1, -6, there, here);
    }

    /** A target now at (120, 44), last seen with conviction (reference 0.95) at (24, 44), {@code doubtful} frames ago. */
    static TargetTrack onSomethingElse(SiameseTracker tr, SpectralCube f, int doubtful) {
        TargetTrack t = tr.start(f, List.of(new Box(20, 40, 8, 8))).get(0);
        return new TargetTrack(t.targetId(), t.template(), 120, 44, 8, 8, 0.73f, TrackStatus.TRACKING, 0, 0, t.modelId(), 0, 0, 0,
                SpectralSignature.NONE, new LastSighting(0.95f, 24, 44, doubtful));
    }

    @Test
    void aTargetUnconvincedForLongEnoughGoesBackWhereItWasLastSeenIfItScoresThereAsItDid() {
        // Here: sigmoid(1) = 0.73, TRACKING but well below the target's 0.95; there: sigmoid(3) = 0.95.
        OnlyOneWindowModel m = twoPlaces(1f, 3f);
        SiameseTracker tr = new SiameseTracker(m, TrackerConfig.forBands(6));
        SpectralCube f = frame(6, 100, 160);
        TrackStep back = tr.step(f, List.of(onSomethingElse(tr, f, TrackerConfig.RECALL_AFTER))).get(0);
        assertThat(m.lastBatch).isEqualTo(2);
        assertThat(back.status()).isEqualTo(TrackStatus.TRACKING);
        assertThat(back.box().centreX()).isCloseTo(24, within(0.5));
        assertThat(back.box().centreY()).isCloseTo(44, within(0.5));
        assertThat(back.next().sighting().doubtfulFrames()).isZero();
        assertThat(back.next().sighting().centreX()).isCloseTo(24, within(0.5));
        // Downstream is told the box jumped back rather than followed the target.
        assertThat(back.foundBy()).isEqualTo(FoundBy.RECALLED);
        assertThat(back.reacquired()).isTrue();
    }

    @Test
    void theRecallWindowNeedsTheTargetsOwnScoreAndEnoughDoubtfulFrames() {
        SpectralCube f = frame(6, 100, 160);
        // A peak of sigmoid(1.5) = 0.82 at the old place beats 0.73 here, but not the target's 0.95 - margin.
        OnlyOneWindowModel weak = twoPlaces(1f, 1.5f);
        SiameseTracker tr = new SiameseTracker(weak, TrackerConfig.forBands(6));
        TrackStep stays = tr.step(f, List.of(onSomethingElse(tr, f, TrackerConfig.RECALL_AFTER))).get(0);
        assertThat(weak.lastBatch).isEqualTo(2);
        assertThat(stays.box().centreX()).isCloseTo(120, within(4.0));
        assertThat(stays.next().sighting().doubtfulFrames()).isEqualTo(TrackerConfig.RECALL_AFTER + 1);
        assertThat(stays.next().sighting().centreX()).isEqualTo(24);
        assertThat(stays.foundBy()).isEqualTo(FoundBy.FOLLOWED);
        // One doubtful frame too few, or the recall window off: only the target's own window is searched.
        OnlyOneWindowModel strong = twoPlaces(1f, 3f);
        SiameseTracker early = new SiameseTracker(strong, TrackerConfig.forBands(6));
        assertThat(early.step(f, List.of(onSomethingElse(early, f, TrackerConfig.RECALL_AFTER - 1))).get(0).box().centreX())
                .isCloseTo(120, within(4.0));
        assertThat(strong.lastBatch).isEqualTo(1);
        SiameseTracker off = new SiameseTracker(strong, TrackerConfig.forBands(6).withRecallAfter(0));
        off.step(f, List.of(onSomethingElse(off, f, 50)));
        assertThat(strong.lastBatch).isEqualTo(1);
    }

    @Test
    void lostTargetsSearchNeighbouringWindowsAndJumpToAConfidentPeak() {
        OnlyOneWindowModel m = new OnlyOneWindowModel(5); // neighbour order: dy=-1 (1..3), dy=0: left 4, right 5, dy=1 (6..8)
        SiameseTracker tr = new SiameseTracker(m, TrackerConfig.forBands(6).withRedetectAfter(1));
        SpectralCube f = frame(6, 100, 160);
        TargetTrack t = tr.start(f, List.of(new Box(60, 40, 8, 8))).get(0);
        TrackStep lost = tr.step(f, List.of(t)).get(0);
        assertThat(m.lastBatch).isEqualTo(1);
        assertThat(lost.status()).isEqualTo(TrackStatus.LOST);
        assertThat(lost.reacquired()).isFalse();
        TrackStep found = tr.step(f, List.of(lost.next())).get(0);
        assertThat(m.lastBatch).isEqualTo(9);
        assertThat(found.status()).isEqualTo(TrackStatus.TRACKING);
        assertThat(found.foundBy()).isEqualTo(FoundBy.REDETECTED);
        // Window side 32 px: the right neighbour is centred 16 px to the right.
        assertThat(found.box().centreX()).isCloseTo(64 + 16, within(1e-6));
        assertThat(found.next().lostCount()).isZero();
    }

    @Test
    void uncertainTargetsSearchNeighbouringWindowsToo() {
        // Everywhere a half match (sigmoid(-0.8) = 0.31: between the LOST and TRACKING thresholds).
        OnlyOneWindowModel m = new OnlyOneWindowModel(5, -0.8f);
        SiameseTracker tr = new SiameseTracker(m, TrackerConfig.forBands(6));
        SiameseTracker never = new SiameseTracker(m, TrackerConfig.forBands(6).withRedetectAfter(0));
        SpectralCube f = frame(6, 100, 160);
        TargetTrack t = tr.start(f, List.of(new Box(60, 40, 8, 8))).get(0);
        TrackStep unsure = tr.step(f, List.of(t)).get(0);
        assertThat(unsure.status()).isEqualTo(TrackStatus.UNCERTAIN);
        assertThat(unsure.next().lostCount()).isZero();
        assertThat(m.lastBatch).isEqualTo(1);
        TrackStep found = tr.step(f, List.of(unsure.next())).get(0);
        assertThat(m.lastBatch).isEqualTo(9);
        assertThat(found.status()).isEqualTo(TrackStatus.TRACKING);
        assertThat(found.box().centreX()).isGreaterThan(unsure.box().centreX() + 8);
        // Re-detection off: the uncertain target keeps to its own window.
        never.step(f, List.of(unsure.next()));
        assertThat(m.lastBatch).isEqualTo(1);
    }

    @Test
    void motionPredictionCentresTheNextWindowWhereTheTargetIsExpected() {
        ShiftRightModel m = new ShiftRightModel();
        // Size smoothing off (lr 0): the window stays 32 px wide, so a cell is always 4 frame px.
        TrackerConfig still = new TrackerConfig(0.5, 0, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0);
        SpectralCube f = frame(6, 60, 120);
        List<TargetTrack> start = new SiameseTracker(m, still).start(f, List.of(new Box(10, 10, 8, 8)));
        // The fake net always sees the target one cell (4 px) right of the window centre.
        TargetTrack a = new SiameseTracker(m, still).step(f, start).get(0).next();
        TargetTrack b = new SiameseTracker(m, still).step(f, List.of(a)).get(0).next();
        assertThat(b.centreX()).isCloseTo(22, within(1e-6));
        assertThat(b.velocityX()).isZero();

        SiameseTracker moving = new SiameseTracker(m, still.withMotionRate(0.5));
        TargetTrack p = moving.step(f, start).get(0).next();
        assertThat(p.centreX()).isCloseTo(18, within(1e-6));
        assertThat(p.velocityX()).isCloseTo(0.5 * 4, within(1e-6));
        assertThat(p.predictedX()).isCloseTo(20, within(1e-6));
        // Next window centred on the prediction, 20: the peak is at 24, a displacement of 6.
        TargetTrack q = moving.step(f, List.of(p)).get(0).next();
        assertThat(q.centreX()).isCloseTo(24, within(1e-6));
        assertThat(q.velocityX()).isCloseTo(0.5 * 2 + 0.5 * 6, within(1e-6));
        assertThat(q.velocityY()).isCloseTo(0, within(1e-9));
    }

    @Test
    void aLostTargetStaysWhereItWasAndItsVelocityDecays() {
        OnlyOneWindowModel m = new OnlyOneWindowModel(-1);
        SiameseTracker tr = new SiameseTracker(m, TrackerConfig.forBands(6).withMotionRate(0.5));
        SpectralCube f = frame(6, 100, 160);
        TargetTrack t = tr.start(f, List.of(new Box(60, 40, 8, 8))).get(0);
        TargetTrack fast = new TargetTrack(t.targetId(), t.template(), 64, 44, 8, 8, 1, TrackStatus.TRACKING, 0, 0, t.modelId(), 6, -2, Math.hypot(6, -2));
        TrackStep lost = tr.step(f, List.of(fast)).get(0);
        assertThat(lost.status()).isEqualTo(TrackStatus.LOST);
        assertThat(lost.next().centreX()).isEqualTo(64);
        assertThat(lost.next().velocityX()).isCloseTo(3, within(1e-9));
        assertThat(lost.next().velocityY()).isCloseTo(-1, within(1e-9));
        assertThat(lost.next().speed()).isCloseTo(Math.hypot(6, -2) / 2, within(1e-9));
    }

    @Test
    void cropsFollowTheModelsContextFloor() {
        TrackerConfig cfg = new TrackerConfig(0.5, 0, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0);
        SpectralCube f = frame(6, 60, 120);
        // 8 x 8 box: SiamFC context 16 px, search window 32 px, a cell is 4 px; with a 32 px floor the
        // window is 64 px wide and the same cell is 8 px.
        SiameseTracker plain = new SiameseTracker(new ShiftRightModel(), cfg);
        SiameseTracker floored = new SiameseTracker(new ShiftRightModel(32), cfg);
        assertThat(plain.step(f, plain.start(f, List.of(new Box(10, 10, 8, 8)))).get(0).box().centreX()).isCloseTo(18, within(1e-6));
        assertThat(floored.step(f, floored.start(f, List.of(new Box(10, 10, 8, 8)))).get(0).box().centreX()).isCloseTo(22, within(1e-6));
    }

    @Test
    void steadyMotionIsLedAndJitterIsNot() {
        TargetTrack steady = new TargetTrack("s", null, 100, 50, 8, 8, 1, TrackStatus.TRACKING, 0, 0, "m");
        TargetTrack shaky = steady;
        for (int f = 1; f <= 12; f++) {
            steady = steady.next(steady.centreX() + 5, 50, 8, 8, 0.9f, TrackStatus.TRACKING, f, 0.5);
            shaky = shaky.next(shaky.centreX() + (f % 2 == 0 ? 5 : -5), 50, 8, 8, 0.9f, TrackStatus.TRACKING, f, 0.5);
        }
        assertThat(steady.steadiness()).isGreaterThan(0.99);
        assertThat(steady.predictedX() - steady.centreX()).isCloseTo(5, within(0.05));
        // Alternating +-5 px: the velocity estimate swings by 1.7-3.3 px, the prediction by well under 1 px.
        assertThat(Math.abs(shaky.velocityX())).isGreaterThan(1.5);
        assertThat(shaky.steadiness()).isLessThan(0.5);
        assertThat(Math.abs(shaky.predictedX() - shaky.centreX())).isLessThan(1.2);
        assertThat(new TargetTrack("r", null, 1, 1, 8, 8, 1, TrackStatus.TRACKING, 0, 0, "m").steadiness()).isZero();
    }

    @Test
    void boxesTouchingTheBorderStartFine() {
        SiameseTracker tr = new SiameseTracker(new ShiftRightModel(), TrackerConfig.forBands(6));
        SpectralCube f = frame(6, 37, 29);
        List<TargetTrack> t = tr.start(f, List.of(new Box(0, 30, 9, 7)));
        assertThat(tr.step(f, t).get(0).box().isValid()).isTrue();
    }

    /** A network that cannot tell anything apart: the same score in every cell. */
    static final class FlatModel implements SiameseModel {
        final ShiftRightModel base = new ShiftRightModel();

        public ModelMetadata metadata() { return base.meta; }
        public List<TemplateEmbedding> template(List<float[]> crops) { return base.template(crops); }

        public List<TrackOutput> track(List<TemplateEmbedding> t, List<float[]> crops) {
            List<TrackOutput> out = base.track(t, crops);
            for (TrackOutput o : out) for (float[] c : o.cls()) Arrays.fill(c, 0);
            return out;
        }
    }

    /** Six bands of a flat grey spectrum with brightness texture; an 8 x 8 target at x0 differs in bands 1 and 4 only. */
    static SpectralCube camouflagedTarget(int x0, int y0) {
        return camouflagedTarget(x0, y0, 8);
    }

    /** {@link #camouflagedTarget(int, int)} with a {@code side x side} target. */
    static SpectralCube camouflagedTarget(int x0, int y0, int side) {
        return camouflagedTarget(x0, y0, side, false);
    }

    /** The same scene with a square target, or a round one inscribed in that square. */
    static SpectralCube camouflagedTarget(int x0, int y0, int side, boolean round) {
        int h = 60, w = 80;
        float[] d = new float[6 * h * w];
        double r = side / 2.0, cx = x0 + r, cy = y0 + r;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = round ? Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r
                        : x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                double gain = 0.8 + 0.4 * (((x * 7919L + y * 104729L) % 101) / 101.0);
                for (int b = 0; b < 6; b++) {
                    double v = 0.4 * (in && b == 1 ? 1.3 : in && b == 4 ? 0.7 : 1);
                    d[(b * h + y) * w + x] = (float) (v * gain);
                }
            }
        }
        return new SpectralCube(6, h, w, d);
    }

    @Test
    void theSpectralSignatureFindsTheTargetWhereTheNetworkCannot() {
        TrackerConfig cfg = new TrackerConfig(0.5, 0.2, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0);
        SiameseTracker network = new SiameseTracker(new FlatModel(), cfg);
        SiameseTracker withSpectra = new SiameseTracker(new FlatModel(), cfg.withSpectralWeight(1));
        TargetTrack t = withSpectra.start(camouflagedTarget(20, 20), List.of(new Box(20, 20, 8, 8))).get(0);
        assertThat(t.spectral().trust()).isEqualTo(1.0);
        // The target moved one cell (4 px) to the right; the flat map alone keeps the window's centre.
        SpectralCube moved = camouflagedTarget(24, 20);
        assertThat(network.step(moved, List.of(t)).get(0).box().centreX()).isCloseTo(24, within(1e-6));
        TrackStep s = withSpectra.step(moved, List.of(t)).get(0);
        assertThat(s.box().centreX()).isCloseTo(28, within(1e-6));
        assertThat(s.box().centreY()).isCloseTo(24, within(1e-6));
        // Score: (1 - b) p + b m with b = 1: the signature's response, high on the target.
        assertThat(s.score()).isGreaterThan(0.8f);
    }

    @Test
    void eachStepSaysWhatTheNetworkAndTheSignatureScoredAtTheChosenPeak() {
        TrackerConfig cfg = new TrackerConfig(0.5, 0.2, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0);
        SiameseTracker halfAndHalf = new SiameseTracker(new FlatModel(), cfg.withSpectralWeight(0.5));
        TargetTrack t = halfAndHalf.start(camouflagedTarget(20, 20), List.of(new Box(20, 20, 8, 8))).get(0);
        TrackStep s = halfAndHalf.step(camouflagedTarget(24, 20), List.of(t)).get(0);
        // The flat map's logits are 0: the network scores sigmoid(0) everywhere; the signature sees the target.
        assertThat(s.networkScore()).isCloseTo(0.5f, within(1e-6f));
        assertThat(s.signatureScore()).isGreaterThan(0.8f);
        assertThat(s.score()).isCloseTo(0.5f * s.networkScore() + 0.5f * s.signatureScore(), within(1e-5f));
        // With the signature's weight at 0 it is not computed, and the step says so.
        SiameseTracker networkOnly = new SiameseTracker(new FlatModel(), cfg);
        TrackStep n = networkOnly.step(camouflagedTarget(24, 20), List.of(t)).get(0);
        assertThat(n.signatureScore()).isNaN();
        assertThat(n.score()).isEqualTo(n.networkScore());
    }

    @Test
    void theBoxGrowsWithTheTargetWhereTheSignatureSeesIt() {
        // No size from the network (lr 0): the size changes only through the signature's extent.
        TrackerConfig cfg = new TrackerConfig(0.5, 0.2, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 1, 0);
        SiameseTracker fixed = new SiameseTracker(new FlatModel(), cfg);
        SiameseTracker extent = new SiameseTracker(new FlatModel(), cfg.withExtentRate(0.5));
        List<TargetTrack> a = fixed.start(camouflagedTarget(20, 20), List.of(new Box(20, 20, 8, 8)));
        List<TargetTrack> b = extent.start(camouflagedTarget(20, 20), List.of(new Box(20, 20, 8, 8)));
        // The target grows about its centre to 12 x 12 (an approach) and stays so.
        SpectralCube grown = camouflagedTarget(18, 18, 12);
        for (int i = 0; i < 6; i++) {
            a = List.of(fixed.step(grown, a).get(0).next());
            b = List.of(extent.step(grown, b).get(0).next());
        }
        assertThat(a.get(0).width()).isEqualTo(8);
        assertThat(b.get(0).width()).isCloseTo(12, within(1.2));
        assertThat(b.get(0).height()).isCloseTo(12, within(1.2));
    }

    @Test
    void aRoundTargetIsReportedInTheBoxTheOperatorDrewWhileTheTrackerFollowsItsMaterial() {
        // No size from the network (lr 0): the tracked size changes only through the extent.
        TrackerConfig cfg = new TrackerConfig(0.5, 0.2, 0.085, 0, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 1, 0.5);
        SiameseTracker tr = new SiameseTracker(new FlatModel(), cfg);
        SpectralCube disc = camouflagedTarget(20, 20, 16, true);
        List<TargetTrack> t = tr.start(disc, List.of(new Box(20, 20, 16, 16)));
        assertThat(t.get(0).spectral().trust()).isEqualTo(1.0);
        TrackStep s = null;
        for (int i = 0; i < 8; i++) {
            s = tr.step(disc, t).get(0);
            t = List.of(s.next());
        }
        // The extent settles on the disc's core, smaller than its bounding box; the reported box
        // is that core scaled back to the operator's box.
        assertThat(s.next().width()).isLessThan(14.5);
        assertThat(s.box().width()).isCloseTo(16, within(1.0));
        assertThat(s.box().height()).isCloseTo(16, within(1.0));
        assertThat(s.box().centreX()).isCloseTo(s.next().centreX(), within(1e-9));
    }

    /** {@link ShiftRightModel} exported with random weights: its metadata says it is not trained. */
    static SiameseModel untrained(ShiftRightModel net) {
        ModelMetadata m = net.meta;
        ModelMetadata random = new ModelMetadata(m.modelId(), m.variant(), m.bands(), m.templateSize(), m.searchSize(),
                m.stride(), m.scoreSize(), m.groups(), m.minContextSide(), false);
        return new SiameseModel() {
            public ModelMetadata metadata() { return random; }
            public List<TemplateEmbedding> template(List<float[]> crops) { return net.template(crops); }
            public List<TrackOutput> track(List<TemplateEmbedding> t, List<float[]> crops) { return net.track(t, crops); }
        };
    }

    @Test
    void anUntrainedNetworkIsNotFollowed() {
        ShiftRightModel net = new ShiftRightModel();
        // Marked trained and left alone (no signature), the tracker follows the network.
        SiameseTracker trained = new SiameseTracker(net, TrackerConfig.forBands(6).withSpectralWeight(0).withExtentRate(0));
        SiameseTracker tr = new SiameseTracker(untrained(net), TrackerConfig.forBands(6));
        // The target moves one cell (4 px) to the left; the network says one cell right, confidently.
        SpectralCube f0 = camouflagedTarget(24, 20), f1 = camouflagedTarget(20, 20);
        TrackStep followed = trained.step(f1, trained.start(f0, List.of(new Box(24, 20, 8, 8)))).get(0);
        assertThat(followed.box().centreX()).isCloseTo(32, within(1e-6));
        TrackStep s = tr.step(f1, tr.start(f0, List.of(new Box(24, 20, 8, 8)))).get(0);
        assertThat(net.trackCalls).isEqualTo(2); // the network still runs (its band telemetry is reported)
        assertThat(s.box().centreX()).isCloseTo(24, within(1.0));
        assertThat(s.box().centreY()).isCloseTo(24, within(1.0));
        assertThat(s.box().width()).isCloseTo(8, within(1.0));
        assertThat(s.status()).isEqualTo(TrackStatus.TRACKING);
        // Without spectral contrast there is nothing to follow: LOST, where it was.
        SpectralCube noise = frame(6, 60, 80);
        TrackStep lost = tr.step(noise, tr.start(noise, List.of(new Box(24, 20, 8, 8)))).get(0);
        assertThat(lost.status()).isEqualTo(TrackStatus.LOST);
        assertThat(lost.box().centreX()).isEqualTo(28);
    }
}
