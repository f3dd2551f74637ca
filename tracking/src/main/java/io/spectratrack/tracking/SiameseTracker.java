package io.spectratrack.tracking;

import io.spectratrack.avro.FoundBy;
import io.spectratrack.avro.TrackStatus;
import io.spectratrack.cube.BandStatistics;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * The BCR-Net online tracker for any number of targets in one camera's frames, batched into one
 * model call per frame. Stateless itself: the caller keeps each target's {@link TargetTrack} (in a
 * list, or in Flink keyed state) and passes it back. Same inputs, same outputs.
 *
 * <pre>
 *   List&lt;TargetTrack&gt; targets = tracker.start(frame0, List.of(box));
 *   for each later frame: steps = tracker.step(frame, targets); targets = steps.stream().map(TrackStep::next).toList();
 * </pre>
 */
public final class SiameseTracker {
    private final SiameseModel model;
    private final TrackerConfig cfg;
    private final ModelMetadata meta;

    public SiameseTracker(SiameseModel model, TrackerConfig cfg) {
        this.model = model;
        this.cfg = cfg;
        this.meta = model.metadata();
    }

    public TrackerConfig config() { return cfg; }
    public ModelMetadata metadata() { return meta; }

    /** Starts targets "0", "1", ... on frame 0. */
    public List<TargetTrack> start(SpectralCube frame, List<Box> boxes) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) ids.add(Integer.toString(i));
        return start(frame, 0, ids, boxes);
    }

    /** Computes each target's template on {@code frame} (one batched model call). */
    public List<TargetTrack> start(SpectralCube frame, long frameIndex, List<String> targetIds, List<Box> boxes) {
        checkFrame(frame);
        if (targetIds.size() != boxes.size()) throw new IllegalArgumentException(targetIds.size() + " ids for " + boxes.size() + " boxes");
        if (boxes.isEmpty()) return List.of();
        float[] pad = BandStatistics.mean(frame);
        List<float[]> crops = new ArrayList<>(boxes.size());
        List<Box> clipped = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            if (!b.isValid()) throw new IllegalArgumentException("cannot start tracking from an invalid box " + b);
            Box c = b.clipTo(frame.width(), frame.height(), cfg.minSize());
            clipped.add(c);
            crops.add(TemplateCrop.prepare(frame, c, pad, meta, cfg));
        }
        List<TemplateEmbedding> emb = model.template(crops);
        List<TargetTrack> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Box c = clipped.get(i);
            // The signature is learned against what the search window will hold: about two template contexts.
            double ring = 2 * meta.contextSide(c.width(), c.height(), cfg.contextAmount());
            out.add(new TargetTrack(targetIds.get(i), emb.get(i), c.centreX(), c.centreY(), c.width(), c.height(), 1f,
                    TrackStatus.TRACKING, 0, frameIndex, meta.modelId(), 0, 0, 0, SpectralSignature.learn(frame, c, ring)));
        }
        return out;
    }

    /** Tracks every target into the next frame ({@code lastFrameIndex + 1}). */
    public List<TrackStep> step(SpectralCube frame, List<TargetTrack> targets) {
        long idx = targets.isEmpty() ? 0 : targets.get(0).lastFrameIndex() + 1;
        return step(frame, idx, targets);
    }

    /**
     * Tracks every target into {@code frame} (one batched model call). Targets lost for
     * {@link TrackerConfig#redetectAfter()} frames, or uncertain on the last one, also search their 8
     * neighbouring windows in the same call (re-detection after an occlusion or a fast move out of
     * the window); targets unconvinced for {@link TrackerConfig#recallAfter()} frames also search the
     * place they were last seen with conviction (the recall window).
     */
    public List<TrackStep> step(SpectralCube frame, long frameIndex, List<TargetTrack> targets) {
        checkFrame(frame);
        if (targets.isEmpty()) return List.of();
        float[] pad = BandStatistics.mean(frame);
        List<SearchCrop> windows = new ArrayList<>();
        List<float[]> crops = new ArrayList<>();
        List<TemplateEmbedding> templates = new ArrayList<>();
        int[] first = new int[targets.size() + 1];
        int[] recall = new int[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            TargetTrack t = targets.get(i);
            if (!meta.modelId().equals(t.modelId())) {
                throw new IllegalArgumentException("target " + t.targetId() + " was started with model " + t.modelId()
                        + ", this tracker runs " + meta.modelId() + ": re-initialise it");
            }
            first[i] = windows.size();
            SearchCrop w = SearchCrop.prepare(frame, t, pad, meta, cfg);
            windows.add(w);
            if (searchesNeighbours(t)) windows.addAll(neighbours(frame, t, w.side(), pad));
            recall[i] = -1;
            if (recalls(t, w.side())) {
                recall[i] = windows.size();
                windows.add(SearchCrop.prepare(frame, t.movedTo(t.sighting().centreX(), t.sighting().centreY()), pad, meta, cfg));
            }
            for (int j = first[i]; j < windows.size(); j++) {
                crops.add(windows.get(j).crop());
                templates.add(t.template());
            }
        }
        first[targets.size()] = windows.size();
        List<TrackOutput> outs = model.track(templates, crops);
        List<TrackStep> steps = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            TrackStep best = decodeOne(targets.get(i), outs.get(first[i]), windows.get(first[i]), frame, frameIndex);
            for (int j = first[i] + 1; j < first[i + 1]; j++) {
                TrackStep alt = decodeOne(targets.get(i), outs.get(j), windows.get(j), frame, frameIndex);
                // A neighbouring window must be confident to pull the target away from where it was lost;
                // the recall window must find the target scoring as it did when last seen.
                boolean recalled = j == recall[i];
                boolean asBefore = !recalled || targets.get(i).sighting().matchesReference(alt.score());
                if (alt.score() >= cfg.trackingScore() && asBefore && alt.score() > best.score()) {
                    best = alt.withFoundBy(recalled ? FoundBy.RECALLED : FoundBy.REDETECTED);
                }
            }
            steps.add(best);
        }
        return steps;
    }

    /**
     * Re-detection: a target LOST for {@link TrackerConfig#redetectAfter()} frames, or UNCERTAIN on
     * the last frame, also searches its neighbouring windows. UNCERTAIN too, because a tracker on a
     * half-matching patch (the edge of an occluder, a shadowed look-alike) keeps scoring between
     * the thresholds, never goes LOST, and would otherwise never look for the target again.
     */
    private boolean searchesNeighbours(TargetTrack t) {
        if (cfg.redetectAfter() <= 0) return false;
        return t.lostCount() >= cfg.redetectAfter() || t.status() == TrackStatus.UNCERTAIN;
    }

    /**
     * The recall window: a target whose frames have not convinced for {@link TrackerConfig#recallAfter()}
     * frames ({@link LastSighting}) also searches where it was last seen with conviction, unless its
     * own window holds that place already.
     */
    private boolean recalls(TargetTrack t, double windowSide) {
        LastSighting s = t.sighting();
        if (cfg.recallAfter() <= 0 || !s.hasReference() || s.doubtfulFrames() < cfg.recallAfter()) return false;
        return Math.hypot(s.centreX() - t.centreX(), s.centreY() - t.centreY()) > TrackerConfig.RECALL_MIN_OFFSET * windowSide;
    }

    /** The 8 windows around the target's window, half a window side apart, clipped to the frame. */
    private List<SearchCrop> neighbours(SpectralCube frame, TargetTrack t, double side, float[] pad) {
        List<SearchCrop> out = new ArrayList<>(8);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (dx == 0 && dy == 0) continue;
                double cx = Math.max(0, Math.min(frame.width(), t.centreX() + dx * side / 2));
                double cy = Math.max(0, Math.min(frame.height(), t.centreY() + dy * side / 2));
                out.add(SearchCrop.prepare(frame, t.movedTo(cx, cy), pad, meta, cfg));
            }
        }
        return out;
    }

    /** The pure part of a step for one target: fuse, decode, new state and telemetry. */
    public TrackStep decodeOne(TargetTrack t, TrackOutput out, SearchCrop window, SpectralCube frame, long frameIndex) {
        float[] w = ResponseDecoder.branchWeights(out, cfg.fusion());
        float[] network, reg;
        double weight;
        if (meta.trained()) {
            network = ResponseDecoder.fuseScores(out.cls(), w);
            reg = ResponseDecoder.fuseRegression(out.reg(), w);
            weight = cfg.spectralWeight();
        } else {
            // Random weights: the network's maps are noise. The signature alone places the box
            // (weight 1, no network score), at the target's current size; a target without a
            // trusted signature scores 0 and goes LOST rather than follow noise.
            network = new float[out.cls()[0].length];
            reg = ResponseDecoder.sameSize(network.length, t.width() / window.frameScale(), t.height() / window.frameScale());
            weight = 1;
        }
        float[] signature = weight > 0 ? signatureResponse(t, window, frame) : null;
        float[] score = blend(network, signature, weight * t.spectral().trust());
        ResponseDecoder.Decision d = ResponseDecoder.decode(score, reg, window, t, meta, cfg, frame.width(), frame.height());
        double[] box = withSpectralExtent(d, t, frame);
        TargetTrack next = t.next(box[0], box[1], box[2], box[3], d.score(), d.status(), frameIndex, cfg.motionRate());
        int[] order = t.template().bandOrder();
        int k = w.length;
        int[][] groups = new int[k][];
        for (int g = 0; g < k; g++) groups[g] = new int[] {order[3 * g], order[3 * g + 1], order[3 * g + 2]};
        float evidence = signature == null ? Float.NaN : signature[d.bestCell()];
        return new TrackStep(next, next.reportedBox(), d.score(), network[d.bestCell()], evidence, d.status(), FoundBy.FOLLOWED,
                out.bandImportance(), order.clone(), groups, w);
    }

    /**
     * The signature's response {@code m} for the target's box at each cell of the score map, or
     * null when the signature is not trusted at all.
     */
    private float[] signatureResponse(TargetTrack t, SearchCrop window, SpectralCube frame) {
        if (!(t.spectral().trust() > 0)) return null;
        int cells = meta.scoreSize() * meta.scoreSize();
        double[] centres = new double[2 * cells];
        for (int i = 0; i < cells; i++) {
            double[] c = meta.cellCentre(i);
            double[] f = window.toFrame(c[0], c[1]);
            centres[2 * i] = f[0];
            centres[2 * i + 1] = f[1];
        }
        return t.spectral().response(frame, centres, t.width(), t.height());
    }

    /**
     * Blends the target's spectral signature into the network's score map, {@code (1 - b) p + b m},
     * {@code b = weight * trust} ({@link TrackerConfig#spectralWeight()} for a trained network).
     */
    private static float[] blend(float[] network, float[] signature, double b) {
        if (signature == null || !(b > 0)) return network;
        float[] out = new float[network.length];
        for (int i = 0; i < network.length; i++) out[i] = (float) ((1 - b) * network[i] + b * signature[i]);
        return out;
    }

    /**
     * The decided box moved towards the target's extent as its signature sees it
     * ({@link SpectralExtent}), at {@link TrackerConfig#extentRate()} times the signature's trust:
     * {@code {centreX, centreY, width, height}}. A LOST decision keeps its frozen box; an extent
     * without contrast is ignored.
     */
    private double[] withSpectralExtent(ResponseDecoder.Decision d, TargetTrack t, SpectralCube frame) {
        double[] box = {d.centreX(), d.centreY(), d.width(), d.height()};
        double a = cfg.extentRate() * t.spectral().trust();
        if (!(a > 0) || d.status() == TrackStatus.LOST) return box;
        SpectralExtent.Fit f = SpectralExtent.fit(t.spectral(), frame, d.centreX(), d.centreY(), d.width(), d.height());
        if (!f.isClear()) return box;
        double w = (1 - a) * d.width() + a * f.width(), h = (1 - a) * d.height() + a * f.height();
        box[2] = Math.max(cfg.minSize(), Math.min(frame.width(), w));
        box[3] = Math.max(cfg.minSize(), Math.min(frame.height(), h));
        box[0] = Math.max(0, Math.min(frame.width(), (1 - a) * d.centreX() + a * f.centreX()));
        box[1] = Math.max(0, Math.min(frame.height(), (1 - a) * d.centreY() + a * f.centreY()));
        return box;
    }

    private void checkFrame(SpectralCube frame) {
        if (frame.bands() != meta.bands()) {
            throw new IllegalArgumentException("frame has " + frame.bands() + " bands, model " + meta.modelId() + " wants " + meta.bands());
        }
    }
}
