package io.spectratrack.model.bench;

import org.bytedeco.javacpp.Pointer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * What TensorFlow itself says about the native memory it holds, read from outside any model.
 *
 * <p>TF Java 1.x has no call for allocator statistics (the C API it binds has none), but a step run
 * with {@code SOFTWARE_TRACE} records, for every allocator a node used, a snapshot of that
 * allocator's bytes in use. The CPU allocator is one per process, so a one-op probe graph in a
 * session of its own sees what every session and tensor of the JVM holds. {@code SOFTWARE_TRACE},
 * not {@code FULL_TRACE}: the latter starts a profiler session on every call.
 *
 * <p>On the x86-64 CPU build the allocator is oneDNN's ({@code mklcpu}), and only its blocks of 256 KB
 * and more are in the figure (measured with TF Java 1.1.0: ten 255 KB tensors held add nothing, ten
 * 256 KB ones add 2.5 MB). A lite {@code track} call's search batch is larger (1 MB per 127x127x16
 * crop), so a leaked one shows; a {@code template} call's crop (63x63x16 floats, 254 KB) and
 * features (94 KB) are just under, so a leaked template shows only in {@link #liveNativeObjects()}.
 * With oneDNN off ({@code TF_ENABLE_ONEDNN_OPTS=0}) the plain {@code cpu} allocator keeps no
 * statistics and the figure stays 0.
 */
public final class TensorFlowMemory implements AutoCloseable {

    /** One allocator's bytes in use as the traced probe step saw them. */
    public record Snapshot(String allocator, long bytesInUse) {
    }

    private static final RunOptions TRACED = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> in;
    private final Operand<TFloat32> out;
    private final TFloat32 input;

    public TensorFlowMemory() {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        // A placeholder input, so nothing is constant-folded away and the Add allocates at run time.
        in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        out = tf.withName("memory_probe").math.add(in, in);
        session = new Session(graph);
        input = TFloat32.tensorOf(Shape.of(16));
    }

    /** The CPU allocator's bytes in use right now (blocks of 256 KB and more, see the class comment). */
    public Snapshot cpuAllocator() {
        try (Result r = session.runner().feed(in, input).fetch(out).setOptions(TRACED).runAndFetchMetadata()) {
            RunMetadata md = r.getMetadata().orElseThrow(() -> new IllegalStateException("traced probe step returned no metadata"));
            for (DeviceStepStats d : md.getStepStats().getDevStatsList()) {
                for (NodeExecStats n : d.getNodeStatsList()) {
                    for (AllocatorMemoryUsed m : n.getMemoryList()) {
                        return new Snapshot(m.getAllocatorName(), m.getAllocatorBytesInUse());
                    }
                }
            }
            return new Snapshot("none", 0);
        }
    }

    /**
     * Native objects TF Java holds alive: tensors, sessions, graphs, buffers (JavaCPP's count of
     * pointers with a deallocator). Between model calls it is constant unless something is not
     * closed; the probe's own few objects are included.
     */
    public static long liveNativeObjects() {
        return Pointer.totalCount();
    }

    /**
     * Frees what TF Java has left to the garbage collector: tensors and results that were never
     * closed and are unreachable. A baseline taken after this holds only what is really alive, even
     * when a leak left tensors behind in the calls before it.
     */
    public static void freeUnreachable() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // The collector queues the references on its own thread; give it a moment.
            Thread.sleep(100);
            Pointer.deallocateReferences();
        }
    }

    @Override
    public void close() {
        input.close();
        session.close();
        graph.close();
    }
}
