package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResponseDecoderTest {
    /** 5x5 score map, stride 8, 64 px search crop: cell (x, y) sits at crop (32 + (x-2)*8, 32 + (y-2)*8). */
    static final ModelMetadata META = new ModelMetadata("m", "lite", 3, 32, 64, 8, 5, 1);
    static final int CELLS = 25;
    static final TemplateEmbedding TEMPLATE = new TemplateEmbedding(new float[1], new int[] {1}, new float[3], new int[] {0, 1, 2});

    static TargetTrack prev(double cx, double cy, double w, double h) {
        return new TargetTrack("t", TEMPLATE, cx, cy, w, h, 1f, TrackStatus.TRACKING, 0, 0, "m");
    }

    /** Regression map with the same l, t, r, b at every cell. */
    static float[] reg(float l, float t, float r, float b) {
        float[] g = new float[4 * CELLS];
        Arrays.fill(g, 0, CELLS, l);
        Arrays.fill(g, CELLS, 2 * CELLS, t);
        Arrays.fill(g, 2 * CELLS, 3 * CELLS, r);
        Arrays.fill(g, 3 * CELLS, 4 * CELLS, b);
        return g;
    }

    static float[] peak(int cell, float value, float elsewhere) {
        float[] s = new float[CELLS];
        Arrays.fill(s, elsewhere);
        s[cell] = value;
        return s;
    }

    static TrackerConfig cfg(double windowInfluence) {
        return new TrackerConfig(0.5, windowInfluence, 0.085, 0.444, 0.5, 0.2, 4, FusionMode.IMPORTANCE_WEIGHTED, 0, 0, 0, 0);
    }

    // Window of 128 frame px around (100, 50), resampled to 64 crop px: 2 frame px per crop px.
    static final SearchCrop WINDOW = new SearchCrop(100, 50, 128, 64, new float[0]);

    @Test
    void coarseScoreMapsGetAWeakerWindowAndSlowerSizeUpdates() {
        TrackerConfig lite = TrackerConfig.forModel(new ModelMetadata("l", "lite", 16, 63, 127, 8, 9, 5));
        TrackerConfig paper = TrackerConfig.forModel(new ModelMetadata("p", "paper", 25, 127, 255, 8, 25, 8));
        assertThat(lite.windowInfluence()).isEqualTo(TrackerConfig.WINDOW_INFLUENCE_COARSE).isLessThan(paper.windowInfluence());
        assertThat(lite.lr()).isEqualTo(TrackerConfig.LR_COARSE).isLessThan(TrackerConfig.forBands(16).lr());
        assertThat(paper).isEqualTo(TrackerConfig.forBands(25));
        assertThat(paper.lr()).isEqualTo(TrackerConfig.LR_NIR);
    }

    @Test
    void cosineWindowIsHanningOuterProduct() {
        float[] w = ResponseDecoder.cosineWindow(5);
        assertThat(w[12]).isEqualTo(1f);
        assertThat(w[0]).isEqualTo(0f);
        assertThat(w[7]).isCloseTo(0.5f, within(1e-6f)); // (x=2, y=1): 1 * 0.5
        assertThat(w[6]).isCloseTo(0.25f, within(1e-6f));
    }

    @Test
    void changeAndPenaltyAreSymmetricAndOneForNoChange() {
        assertThat(ResponseDecoder.change(2)).isEqualTo(2);
        assertThat(ResponseDecoder.change(0.5)).isEqualTo(2);
        float[] same = ResponseDecoder.penalties(reg(8, 8, 8, 8), CELLS, 16, 16, 0.085);
        assertThat(same[0]).isEqualTo(1f);
        float[] doubled = ResponseDecoder.penalties(reg(16, 16, 16, 16), CELLS, 16, 16, 0.085);
        assertThat(doubled[3]).isCloseTo((float) Math.exp(-0.085), within(1e-6f));
        // Aspect 2:1 from 1:1 at the same context size: r_c = 2.
        float[] halved = ResponseDecoder.penalties(reg(8, 8, 8, 8), CELLS, 16, 16, 0.085);
        float[] wide = ResponseDecoder.penalties(reg(16, 4, 16, 4), CELLS, 16, 16, 0.085);
        assertThat(wide[0]).isLessThan(halved[0]);
    }

    @Test
    void branchWeightsNormaliseOrFallBackToUniform() {
        float[][] cls = new float[3][CELLS];
        TrackOutput out = new TrackOutput(cls, new float[3][4 * CELLS], new float[9], new float[] {2, 1, 1});
        assertThat(ResponseDecoder.branchWeights(out, FusionMode.IMPORTANCE_WEIGHTED)).containsExactly(0.5f, 0.25f, 0.25f);
        assertThat(ResponseDecoder.branchWeights(out, FusionMode.UNIFORM)).containsExactly(1 / 3f, 1 / 3f, 1 / 3f);
        TrackOutput none = new TrackOutput(cls, new float[3][4 * CELLS], new float[9], new float[] {0, 0, 0});
        assertThat(ResponseDecoder.branchWeights(none, FusionMode.IMPORTANCE_WEIGHTED)).containsExactly(1 / 3f, 1 / 3f, 1 / 3f);
    }

    @Test
    void fusionWeightsSigmoidsAndRegression() {
        float[][] cls = {peak(0, 10, 0), peak(1, 10, 0)};
        float[] p = ResponseDecoder.fuseScores(cls, new float[] {0.75f, 0.25f});
        assertThat(p[0]).isCloseTo(0.75f * sigmoid(10) + 0.25f * 0.5f, within(1e-6f));
        assertThat(p[2]).isCloseTo(0.5f, within(1e-6f));
        float[] r = ResponseDecoder.fuseRegression(new float[][] {reg(4, 4, 4, 4), reg(8, 8, 8, 8)}, new float[] {0.5f, 0.5f});
        assertThat(r[0]).isEqualTo(6f);
    }

    @Test
    void peakCellMapsToFramePixelsThroughTheWindowScale() {
        // Peak at cell (x=3, y=2): crop (40, 32) -> frame (100 + 8*2, 50) = (116, 50). Box 16 crop px = 32 frame px.
        float[] score = peak(2 * 5 + 3, 0.9f, 0.1f);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(8, 8, 8, 8), WINDOW, prev(100, 50, 32, 32), META, cfg(0), 400, 300);
        assertThat(d.bestCell()).isEqualTo(13);
        assertThat(d.centreX()).isCloseTo(116, within(1e-9));
        assertThat(d.centreY()).isCloseTo(50, within(1e-9));
        assertThat(d.width()).isCloseTo(32, within(1e-9));
        assertThat(d.status()).isEqualTo(TrackStatus.TRACKING);
        assertThat(d.score()).isEqualTo(0.9f);
    }

    @Test
    void asymmetricDistancesShiftTheCentre() {
        // l=4, r=12 at cell (2,2): box [28, 44] in crop x -> centre 36 -> frame 100 + 4*2 = 108.
        float[] score = peak(12, 0.9f, 0.1f);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(4, 8, 12, 8), WINDOW, prev(100, 50, 32, 32), META, cfg(0), 400, 300);
        assertThat(d.centreX()).isCloseTo(108, within(1e-9));
    }

    @Test
    void fullWindowInfluencePicksTheCentre() {
        float[] score = peak(0, 0.99f, 0.1f);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(8, 8, 8, 8), WINDOW, prev(100, 50, 32, 32), META, cfg(1), 400, 300);
        assertThat(d.bestCell()).isEqualTo(12);
        assertThat(d.centreX()).isCloseTo(100, within(1e-9));
    }

    @Test
    void sizeIsSmoothedWithPenaltyTimesScoreTimesLr() {
        // Predicted 64x64 frame px (32 crop px) from a 32x32 box: s_c = 2, r_c = 1.
        float[] score = peak(12, 0.8f, 0.1f);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(16, 16, 16, 16), WINDOW, prev(100, 50, 32, 32), META, cfg(0), 400, 300);
        double lr = Math.exp(-0.085) * 0.8 * 0.444;
        assertThat(d.width()).isCloseTo(32 * (1 - lr) + 64 * lr, within(1e-4));
        assertThat(d.height()).isCloseTo(d.width(), within(1e-9));
    }

    @Test
    void lowScoreIsLostAndFreezesTheBox() {
        float[] score = peak(0, 0.1f, 0.05f);
        TargetTrack p = prev(100, 50, 32, 20);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(8, 8, 8, 8), WINDOW, p, META, cfg(0), 400, 300);
        assertThat(d.status()).isEqualTo(TrackStatus.LOST);
        assertThat(new double[] {d.centreX(), d.centreY(), d.width(), d.height()}).containsExactly(100, 50, 32, 20);
        TargetTrack n = p.next(d.centreX(), d.centreY(), d.width(), d.height(), d.score(), d.status(), 1, 0);
        assertThat(n.lostCount()).isEqualTo(1);
        assertThat(n.next(1, 1, 5, 5, 0.9f, TrackStatus.TRACKING, 2, 0).lostCount()).isZero();
        assertThat(ResponseDecoder.status(0.3, cfg(0))).isEqualTo(TrackStatus.UNCERTAIN);
    }

    @Test
    void resultIsClippedToTheFrame() {
        // Peak at the right edge cell of a window near the frame's right border.
        SearchCrop w = new SearchCrop(110, 50, 128, 64, new float[0]);
        float[] score = peak(2 * 5 + 4, 0.9f, 0.1f);
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg(1, 1, 1, 1), w, prev(110, 50, 32, 32), META, cfg(0), 120, 80);
        assertThat(d.centreX()).isEqualTo(120);
        assertThat(d.width()).isGreaterThanOrEqualTo(4);
    }

    static float sigmoid(double x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
