package io.spectratrack.model.training;

import io.spectratrack.cube.BandStatistics;
import io.spectratrack.cube.CubeCrop;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.CropNormalizer;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.datasets.hot.HotSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Template/search training pairs from HOT-format sequences, with the augmentations of issue 4:
 * <ul>
 *   <li>template: SiamFC context crop of frame i ({@code s_z = sqrt((w+p)(h+p))}, {@code p=(w+h)/2}, at
 *       least {@link #minContextSide}), small scale jitter;</li>
 *   <li>search: frame j within {@code maxGap} of i, window shifted (target off-centre) and rescaled;</li>
 *   <li>target moving independently of its background (training-facts.md lesson): with
 *       {@code pasteProb} the target patch is pasted onto a background crop from elsewhere in the frame;</li>
 *   <li>hard negatives: with {@code negativeProb} the search crop shows another sequence's object
 *       (a template of another object), all cells negative; with {@code distractorProb} a second
 *       object patch is pasted as a look-alike distractor next to the real target;</li>
 *   <li>motion blur (horizontal/vertical box blur) and brightness gain.</li>
 * </ul>
 * Everything is drawn from one seeded {@link Random}: same seed, same pairs.
 */
public final class PairSampler {

    /** One batch, ready to feed. Boxes are in search-crop pixels. */
    public record Batch(float[] template, float[] search, float[] cls, float[] reg, Box[] boxes, boolean[] negative, int size) {
    }

    private final List<HotSequence> sequences;
    private final BcrNetConfig cfg;
    private ModelMetadata meta;
    private final Random rnd;
    /** Decoded frames, quantised to 16 bits (half the memory of floats): PNG decoding dominates sampling. */
    private final Map<String, QuantisedFrame> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QuantisedFrame> e) {
            return size() > cacheFrames;
        }
    };
    private final int cacheFrames;
    private final int frameStride;

    double maxShift = 0.20;       // search shift as a fraction of the search crop side
    /**
     * Half-range (log) of the uniform scale change between the template's scale and the search
     * window's. The tracker sizes its window from the previous box, so a box that is too large gives
     * a window of the wrong scale; the wider this range, the further off a window the regression has
     * learnt to size the target in (the shipped model's last phase used 0.35, docs/shipped-model.md).
     */
    public static final double DEFAULT_SCALE_JITTER = 0.18;
    double scaleJitter = DEFAULT_SCALE_JITTER;
    int maxGap = 60;              // frames between template and search
    double negativeProb = 0.15;
    double pasteProb = 0.30;
    double distractorProb = 0.15;
    double blurProb = 0.20;

    /**
     * @param cacheFrames frames kept decoded in memory
     * @param frameStride only every {@code frameStride}-th frame is used, so the working set fits the
     *                    cache and PNG decoding stops after the first pass
     */
    public PairSampler(List<HotSequence> sequences, BcrNetConfig cfg, long seed, int cacheFrames, int frameStride) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training sequences with " + cfg.bands() + " bands");
        }
        this.sequences = sequences;
        this.cfg = cfg;
        this.meta = new ModelMetadata("train", cfg.variant(), cfg.bands(), cfg.templateSize(), cfg.searchSize(), cfg.stride(),
                cfg.scoreSize(), cfg.groups());
        this.rnd = new Random(seed);
        this.cacheFrames = cacheFrames;
        this.frameStride = Math.max(1, frameStride);
    }

    /** Multiplies the probabilities of hard negatives, distractors, pasting and blur by {@code f} (0 = plain pairs). */
    public void scaleAugmentation(double f) {
        if (!(f >= 0)) {
            throw new IllegalArgumentException("augmentation factor must be >= 0, got " + f);
        }
        negativeProb = Math.min(1, negativeProb * f);
        distractorProb = Math.min(1, distractorProb * f);
        pasteProb = Math.min(1, pasteProb * f);
        blurProb = Math.min(1, blurProb * f);
    }

    /** Sets the log-scale half-range of the template-to-search scale change (e.g. 0.18 = about +-20%). */
    public void scaleJitter(double halfRange) {
        if (!(halfRange >= 0 && halfRange <= 1)) {
            throw new IllegalArgumentException("scale jitter must be in [0, 1] (log scale), got " + halfRange);
        }
        scaleJitter = halfRange;
    }

    /**
     * Trains for crops whose context side is at least {@code side} frame pixels
     * ({@link ModelMetadata#minContextSide()}; export the weights with the same value).
     */
    public void minContextSide(double side) {
        meta = new ModelMetadata(meta.modelId(), meta.variant(), meta.bands(), meta.templateSize(), meta.searchSize(),
                meta.stride(), meta.scoreSize(), meta.groups(), side);
    }

    public ModelMetadata metadata() {
        return meta;
    }

    public Batch next(int n) {
        int tl = meta.templateCropLength();
        int sl = meta.searchCropLength();
        int ss = meta.scoreSize() * meta.scoreSize();
        Batch b = new Batch(new float[n * tl], new float[n * sl], new float[n * ss], new float[n * ss * 4], new Box[n], new boolean[n], n);
        for (int i = 0; i < n; i++) {
            sample(b, i);
        }
        return b;
    }

    private void sample(Batch b, int i) {
        HotSequence seq = sequences.get(rnd.nextInt(sequences.size()));
        List<Box> gt = seq.groundTruth();
        int frames = Math.min(seq.frameCount(), gt.size());
        int ti = validFrame(gt, frames, rnd.nextInt(frames));
        int lo = Math.max(0, ti - maxGap);
        int hi = Math.min(frames - 1, ti + maxGap);
        int si = validFrame(gt, frames, lo + rnd.nextInt(hi - lo + 1));
        Box tb = gt.get(ti);
        SpectralCube tc = frame(seq, ti);
        double sz = context(tb) * Math.exp(rnd.nextGaussian() * 0.03);
        float[] template = CubeCrop.crop(tc, tb.centreX(), tb.centreY(), sz, cfg.templateSize());

        boolean negative = rnd.nextDouble() < negativeProb && sequences.size() > 1;
        int s = cfg.searchSize();
        double scale = Math.exp((rnd.nextDouble() * 2 - 1) * scaleJitter);
        float[] search;
        double cx;
        double cy;
        double bw;
        double bh;
        if (negative) {
            HotSequence other = sequences.get(rnd.nextInt(sequences.size()));
            while (other == seq) {
                other = sequences.get(rnd.nextInt(sequences.size()));
            }
            List<Box> ogt = other.groundTruth();
            int oi = validFrame(ogt, Math.min(other.frameCount(), ogt.size()), rnd.nextInt(Math.min(other.frameCount(), ogt.size())));
            Box ob = ogt.get(oi);
            double side = context(ob) * s / cfg.templateSize();
            search = CubeCrop.crop(frame(other, oi), ob.centreX(), ob.centreY(), side, s);
            cx = s / 2.0;
            cy = s / 2.0;
            bw = 1;
            bh = 1;
        } else {
            Box sb = gt.get(si);
            SpectralCube sc = frame(seq, si);
            // the search window size follows the template's scale (as at tracking time), jittered
            double side = context(tb) * s / cfg.templateSize() * scale;
            double k = s / side;                             // frame px -> crop px
            double dx = (rnd.nextDouble() * 2 - 1) * maxShift * s;
            double dy = (rnd.nextDouble() * 2 - 1) * maxShift * s;
            bw = sb.width() * k;
            bh = sb.height() * k;
            if (rnd.nextDouble() < pasteProb) {
                // target patch on a background from elsewhere: context no longer moves with the target
                double bx = rnd.nextDouble() * sc.width();
                double by = rnd.nextDouble() * sc.height();
                search = CubeCrop.crop(sc, bx, by, side, s);
                float[] withTarget = CubeCrop.crop(sc, sb.centreX() - dx / k, sb.centreY() - dy / k, side, s);
                cx = s / 2.0 + dx;
                cy = s / 2.0 + dy;
                paste(withTarget, search, s, cx, cy, bw * 1.1, bh * 1.1, cx, cy);
            } else {
                search = CubeCrop.crop(sc, sb.centreX() - dx / k, sb.centreY() - dy / k, side, s);
                cx = s / 2.0 + dx;
                cy = s / 2.0 + dy;
            }
            if (rnd.nextDouble() < distractorProb && sequences.size() > 1) {
                addDistractor(search, s, k, cx, cy, bw, bh);
            }
        }
        if (rnd.nextDouble() < blurProb) {
            blur(search, s, cfg.bands(), 1 + rnd.nextInt(3), rnd.nextBoolean());
        }
        float gain = (float) Math.exp(rnd.nextGaussian() * 0.1);
        for (int j = 0; j < search.length; j++) {
            search[j] *= gain;
        }
        CropNormalizer.normalizeInPlace(template, cfg.bands());
        CropNormalizer.normalizeInPlace(search, cfg.bands());
        System.arraycopy(template, 0, b.template(), i * template.length, template.length);
        System.arraycopy(search, 0, b.search(), i * search.length, search.length);
        int ss = meta.scoreSize() * meta.scoreSize();
        Labels.assign(meta, cx, cy, bw, bh, negative, b.cls(), i * ss, b.reg(), i * ss * 4);
        b.boxes()[i] = Box.ofCentre(cx, cy, bw, bh);
        b.negative()[i] = negative;
    }

    /** A look-alike: another sequence's target pasted away from the real one. */
    private void addDistractor(float[] search, int s, double k, double cx, double cy, double bw, double bh) {
        HotSequence other = sequences.get(rnd.nextInt(sequences.size()));
        List<Box> ogt = other.groundTruth();
        int n = Math.min(other.frameCount(), ogt.size());
        int oi = validFrame(ogt, n, rnd.nextInt(n));
        Box ob = ogt.get(oi);
        double side = context(ob) * s / cfg.templateSize();
        float[] src = CubeCrop.crop(frame(other, oi), ob.centreX(), ob.centreY(), side, s);
        double obw = ob.width() * s / side;
        double obh = ob.height() * s / side;
        // place it at least one target size away from the real target
        for (int tries = 0; tries < 10; tries++) {
            double px = obw / 2 + rnd.nextDouble() * (s - obw);
            double py = obh / 2 + rnd.nextDouble() * (s - obh);
            if (Math.abs(px - cx) > (bw + obw) / 2 || Math.abs(py - cy) > (bh + obh) / 2) {
                paste(src, search, s, s / 2.0, s / 2.0, obw, obh, px, py);
                return;
            }
        }
    }

    /** Copies the {@code w x h} patch centred at (sx, sy) of {@code src} to centre (dx, dy) of {@code dst}. */
    private void paste(float[] src, float[] dst, int s, double sx, double sy, double w, double h, double dx, double dy) {
        int bands = cfg.bands();
        int x0 = (int) Math.round(sx - w / 2);
        int y0 = (int) Math.round(sy - h / 2);
        int ox = (int) Math.round(dx - sx);
        int oy = (int) Math.round(dy - sy);
        for (int y = Math.max(0, y0); y < Math.min(s, y0 + (int) Math.round(h)); y++) {
            int ty = y + oy;
            if (ty < 0 || ty >= s) {
                continue;
            }
            for (int x = Math.max(0, x0); x < Math.min(s, x0 + (int) Math.round(w)); x++) {
                int tx = x + ox;
                if (tx < 0 || tx >= s) {
                    continue;
                }
                System.arraycopy(src, (y * s + x) * bands, dst, (ty * s + tx) * bands, bands);
            }
        }
    }

    private static void blur(float[] hwc, int s, int bands, int radius, boolean horizontal) {
        float[] src = hwc.clone();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                for (int b = 0; b < bands; b++) {
                    float sum = 0;
                    int cnt = 0;
                    for (int d = -radius; d <= radius; d++) {
                        int xx = horizontal ? x + d : x;
                        int yy = horizontal ? y : y + d;
                        if (xx >= 0 && xx < s && yy >= 0 && yy < s) {
                            sum += src[(yy * s + xx) * bands + b];
                            cnt++;
                        }
                    }
                    hwc[(y * s + x) * bands + b] = sum / cnt;
                }
            }
        }
    }

    /** The crops' context side: SiamFC's, at least the model's floor (the tracker's rule, ModelMetadata.contextSide). */
    private double context(Box b) {
        return meta.contextSide(b.width(), b.height(), ModelMetadata.SIAMFC_CONTEXT);
    }

    private int validFrame(List<Box> gt, int frames, int start) {
        start = start / frameStride * frameStride;
        for (int d = 0; d < frames; d += frameStride) {
            int i = (start + d) % frames;
            Box b = gt.get(i);
            if (b.isValid() && b.width() >= 2 && b.height() >= 2) {
                return i;
            }
        }
        throw new IllegalArgumentException("sequence has no valid ground-truth box");
    }

    private SpectralCube frame(HotSequence seq, int i) {
        String key = seq.directory() + "#" + i;
        QuantisedFrame q = cache.get(key);
        if (q == null) {
            q = QuantisedFrame.of(seq.frame(i));
            cache.put(key, q);
        }
        return q.cube();
    }

    /** A cube stored as 16-bit words over its own [min, max] range. */
    private record QuantisedFrame(int bands, int height, int width, float min, float scale, short[] words) {
        static QuantisedFrame of(SpectralCube c) {
            float[] d = c.data();
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : d) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float scale = hi > lo ? (hi - lo) / 65535f : 1f;
            short[] w = new short[d.length];
            for (int i = 0; i < d.length; i++) {
                w[i] = (short) Math.round((d[i] - lo) / scale);
            }
            return new QuantisedFrame(c.bands(), c.height(), c.width(), lo, scale, w);
        }

        SpectralCube cube() {
            float[] d = new float[words.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = min + (words[i] & 0xffff) * scale;
            }
            return new SpectralCube(bands, height, width, d);
        }
    }

    static float[] padOf(SpectralCube c) {
        return BandStatistics.mean(c);
    }
}
