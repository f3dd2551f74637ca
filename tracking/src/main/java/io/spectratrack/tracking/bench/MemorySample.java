package io.spectratrack.tracking.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Every memory figure of the process at one moment of the benchmark, taken between model calls.
 *
 * @param frames         frames stepped so far (the benchmark's calls)
 * @param trackCalls     batched {@code track} calls so far
 * @param templateCalls  {@code template} calls so far (the start and every re-initialisation)
 * @param batchShapes    distinct batch sizes the model has run so far, track and template apart
 * @param seconds        since the first sample
 * @param process        resident memory as Linux reports it
 * @param heapUsed       Java heap in use, bytes (garbage included: no GC is forced)
 * @param heapCommitted  Java heap committed, bytes
 * @param nonHeapUsed    metaspace, code cache and the like, bytes
 * @param directBytes    NIO direct and mapped buffer pools, bytes
 * @param tfBytesInUse   TensorFlow's CPU allocator, bytes in use (see {@code TensorFlowMemory})
 * @param nativeObjects  native objects TF Java holds alive
 */
public record MemorySample(int frames, long trackCalls, long templateCalls, int batchShapes, double seconds, ProcessMemory process,
                           long heapUsed, long heapCommitted, long nonHeapUsed, long directBytes,
                           long tfBytesInUse, long nativeObjects) {

    private static final double MB = 1024.0 * 1024.0;

    /** The JVM's own figures now, with the process's and TensorFlow's as the caller read them. */
    static MemorySample take(int frames, long trackCalls, long templateCalls, int batchShapes, double seconds,
                             ProcessMemory process, long tfBytesInUse, long nativeObjects) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        return new MemorySample(frames, trackCalls, templateCalls, batchShapes, seconds, process, mem.getHeapMemoryUsage().getUsed(),
                mem.getHeapMemoryUsage().getCommitted(), mem.getNonHeapMemoryUsage().getUsed(), direct, tfBytesInUse,
                nativeObjects);
    }

    /**
     * Resident memory outside the Java heap: RSS minus the committed heap. With a fixed,
     * pre-touched heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}) the heap is resident and
     * constant, so this moves exactly as RSS does and is native memory (TensorFlow, malloc arenas,
     * JIT code, thread stacks, metaspace).
     */
    public double outsideHeapMb() {
        return process.rssMb() - heapCommitted / MB;
    }

    public double heapUsedMb() { return heapUsed / MB; }
    public double heapCommittedMb() { return heapCommitted / MB; }
    public double nonHeapUsedMb() { return nonHeapUsed / MB; }
    public double directMb() { return directBytes / MB; }
    public double tfInUseMb() { return tfBytesInUse / MB; }
}
