package io.spectratrack.tracking.bench;

import java.util.List;

/**
 * The native-memory verdict. RSS: how much it grew from the end of warm-up to the end of the run,
 * in MB and MB per 1,000 frames, against a limit; warm-up is left out because RSS rises at first
 * for reasons that stop (malloc arenas of new threads, JIT code, TensorFlow's state for a batch
 * size met for the first time), while a leak keeps growing after it. TensorFlow: whether any sample
 * found more held between calls than the first sample did.
 *
 * <p>The TensorFlow check has no warm-up and no tolerance because it needs none: samples are taken
 * between calls, when no tensor of a call may be alive, from the first on. It compares every
 * sample, not the last, with the first, because a tensor left open is freed later by the garbage
 * collector (JavaCPP frees unreachable pointers): such a leak makes the figures bounce above the
 * baseline, not climb (measured: 12-36 live objects and 21-64 MB in the allocator instead of 4 and
 * 0, one search batch left open per frame).
 *
 * @param from              the first sample at or after the end of warm-up
 * @param to                the last sample
 * @param limitMbPer1000    RSS growth above this many MB per 1,000 frames is not flat
 * @param tfHeldMb          most MB TensorFlow's allocator held in a sample above the first sample
 * @param heldNativeObjects most TF Java native objects alive in a sample above the first sample
 */
public record MemoryGrowth(MemorySample from, MemorySample to, double limitMbPer1000, double tfHeldMb, long heldNativeObjects) {

    public MemoryGrowth {
        if (to.frames() <= from.frames()) {
            throw new IllegalArgumentException("no frames after warm-up (frame " + from.frames() + " to " + to.frames() + ")");
        }
    }

    /** Over {@code samples} (in frame order), RSS from the end of warm-up ({@code warmUpFrames}) to the last. */
    public static MemoryGrowth of(List<MemorySample> samples, int warmUpFrames, double limitMbPer1000) {
        MemorySample first = samples.get(0);
        MemorySample last = samples.get(samples.size() - 1);
        double tfHeld = 0;
        long held = 0;
        for (MemorySample s : samples) {
            tfHeld = Math.max(tfHeld, s.tfInUseMb() - first.tfInUseMb());
            held = Math.max(held, s.nativeObjects() - first.nativeObjects());
        }
        for (MemorySample s : samples) {
            if (s.frames() >= warmUpFrames) return new MemoryGrowth(s, last, limitMbPer1000, tfHeld, held);
        }
        throw new IllegalArgumentException("no sample at or after warm-up frame " + warmUpFrames);
    }

    public int frames() {
        return to.frames() - from.frames();
    }

    public double rssMb() {
        return to.process().rssMb() - from.process().rssMb();
    }

    public double rssMbPer1000() {
        return rssMb() / frames() * 1000;
    }

    /** Shrinking is flat too: what is freed may go back to the OS. */
    public boolean rssFlat() {
        return rssMbPer1000() <= limitMbPer1000;
    }

    /** No sample found TensorFlow holding more bytes, or TF Java more native objects, than the first. */
    public boolean tensorFlowFlat() {
        return tfHeldMb <= 0 && heldNativeObjects <= 0;
    }

    public boolean flat() {
        return rssFlat() && tensorFlowFlat();
    }

    /** Batch sizes the model ran for the first time within the RSS span (each adds kernels once). */
    public int batchShapes() {
        return to.batchShapes() - from.batchShapes();
    }

    public double outsideHeapMb() {
        return to.outsideHeapMb() - from.outsideHeapMb();
    }
}
