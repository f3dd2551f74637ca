package io.spectratrack.model.bench;

import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.graph.BcrNetGraph;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency of {@code template} and {@code track} through the serving API for 1 and 4 targets,
 * achieved GFLOP/s (convolution and matmul FLOPs counted from the graph with batch 1) next to a
 * large MatMul's GFLOP/s in the same JVM, and RSS after 10 vs 1,000 {@code track} calls.
 * Prints a Markdown table.
 */
@Command(name = "bench-model", mixinStandardHelpOptions = true, description = "BCR-Net serving latency, GFLOP/s and RSS")
public final class ModelBenchmark implements Callable<Integer> {

    @Option(names = "--variants", split = ",", defaultValue = "lite,paper", description = "variants (default: ${DEFAULT-VALUE})")
    List<String> variants;
    @Option(names = "--bands", defaultValue = "16", description = "bands (default: ${DEFAULT-VALUE})")
    int bands;
    @Option(names = "--iterations", defaultValue = "50", description = "timed calls per lite measurement (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--paper-iterations", defaultValue = "3", description = "timed calls per paper measurement (default: ${DEFAULT-VALUE})")
    int paperIterations;
    @Option(names = "--rss-calls", defaultValue = "1000", description = "track calls for the RSS check (lite) (default: ${DEFAULT-VALUE})")
    int rssCalls;
    @Option(names = "--model", description = "benchmark this SavedModel instead of exporting random-weight ones")
    Path model;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        double matmul = matmulGflops();
        List<String> rows = new ArrayList<>();
        String rss = "";
        for (String v : variants) {
            BcrNetConfig cfg = BcrNetConfig.of(v, bands, null);
            double[] flops = countFlops(cfg);
            Path dir = model;
            if (dir == null) {
                dir = ScratchDirectory.create("bench-" + v + "-").resolve("m");
                BcrNetExporter.export(cfg, null, 1, "bench-" + v, dir);
            }
            int it = v.equals("paper") ? paperIterations : iterations;
            try (BcrNetModel m = BcrNetModel.load(dir, DeviceConfig.cpu())) {
                ModelMetadata md = m.metadata();
                for (int n : new int[] {1, 4}) {
                    List<float[]> tc = crops(n, md.templateCropLength(), 1);
                    List<float[]> sc = crops(n, md.searchCropLength(), 2);
                    List<TemplateEmbedding> t = m.template(tc);
                    m.track(t, sc); // warm-up
                    double tm = median(it, () -> m.template(tc));
                    double tk = median(it, () -> m.track(t, sc));
                    rows.add(String.format("| %s | %d | %.1f | %.1f | %.2f | %.1f | %.0f%% |", v, n, tm, tk, flops[1] * n / 1e9,
                            flops[1] * n / (tk / 1e3) / 1e9, 100 * flops[1] * n / (tk / 1e3) / 1e9 / matmul));
                    System.err.println(rows.get(rows.size() - 1));
                }
                if (v.equals("lite")) {
                    List<TemplateEmbedding> t = m.template(crops(1, md.templateCropLength(), 3));
                    List<float[]> sc = crops(1, md.searchCropLength(), 4);
                    for (int i = 0; i < 10; i++) {
                        m.track(t, sc);
                    }
                    long r10 = rssKb();
                    for (int i = 10; i < rssCalls; i++) {
                        m.track(t, sc);
                    }
                    long r1000 = rssKb();
                    for (int i = 0; i < 2 * rssCalls; i++) {
                        m.track(t, sc);
                    }
                    long r3000 = rssKb();
                    rss = String.format("RSS (lite, 1 target) after 10 track calls: %d MB; after %d: %d MB; after %d: %d MB",
                            r10 / 1024, rssCalls, r1000 / 1024, 3 * rssCalls, r3000 / 1024);
                    System.err.println(rss);
                }
            }
            System.err.printf("%s: template %.2f GFLOP, track %.2f GFLOP per target (conv/matmul FLOPs)%n", v, flops[0] / 1e9, flops[1] / 1e9);
        }
        // the machine is shared: time the MatMul again at the end and keep the better of the two
        matmul = Math.max(matmul, matmulGflops());
        System.out.printf("Large MatMul (2048x2048x2048) in the same JVM: %.1f GFLOP/s; %d cores; load average at the end: %s%n%n", matmul,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("| variant | targets | template ms (median) | track ms (median) | track GFLOP | track GFLOP/s | of MatMul |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println(rss);
        return 0;
    }

    private static List<float[]> crops(int n, int len, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] c = new float[len];
            for (int j = 0; j < len; j++) {
                c[j] = (float) r.nextGaussian();
            }
            out.add(c);
        }
        return out;
    }

    private static double median(int n, Supplier<?> call) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            call.get();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[n / 2];
    }

    /** FLOPs of {template, track} for one target: 2*MACs of every conv/matmul, shapes from a batch-1 graph. */
    static double[] countFlops(BcrNetConfig cfg) {
        double[] out = new double[2];
        for (int path = 0; path < 2; path++) {
            try (Graph g = new Graph()) {
                BcrNetGraph net = new BcrNetGraph(g, cfg);
                Ops tf = net.tf();
                Placeholder<TFloat32> z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, cfg.templateSize(), cfg.templateSize(), cfg.bands())));
                net.template(z);
                double templateFlops = flops(g);
                if (path == 0) {
                    out[0] = templateFlops;
                    continue;
                }
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, cfg.searchSize(), cfg.searchSize(), cfg.bands())));
                Operand<TInt32> order = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1, cfg.bands())));
                int[] fs = net.featureShape();
                Placeholder<TFloat32> f = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, fs[0], fs[1], fs[2], fs[3], fs[4])));
                net.track(f, order, x);
                out[1] = flops(g) - templateFlops;
            }
        }
        return out;
    }

    private static double flops(Graph g) {
        double total = 0;
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            String type = op.type();
            if (!type.equals("Conv2D") && !type.equals("Conv3D") && !type.equals("DepthwiseConv2dNative") && !type.equals("MatMul")) {
                continue;
            }
            Shape out = op.output(0).shape();
            Shape w = op.input(1).shape();
            if (out.hasUnknownDimension() || w.hasUnknownDimension()) {
                continue;
            }
            double outElems = out.size();
            switch (type) {
                case "Conv2D" -> total += 2 * outElems * w.size(0) * w.size(1) * w.size(2);
                case "Conv3D" -> total += 2 * outElems * w.size(0) * w.size(1) * w.size(2) * w.size(3);
                case "DepthwiseConv2dNative" -> total += 2 * outElems * w.size(0) * w.size(1);
                default -> total += 2 * outElems * w.size(0);
            }
        }
        return total;
    }

    /** GFLOP/s of a 2048^3 MatMul in TF, median of 5. */
    static double matmulGflops() {
        int n = 2048;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            Operand<TFloat32> c = tf.sum(tf.linalg.matMul(a, a), tf.constant(new int[] {0, 1}));
            try (Session s = new Session(g); TFloat32 av = TFloat32.tensorOf(Shape.of(n, n))) {
                float[] v = new float[n * n];
                Random r = new Random(1);
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat();
                }
                av.asRawTensor().data().asFloats().write(v);
                double ms = median(5, () -> {
                    try (Result res = s.runner().feed(a, av).fetch(c).run()) {
                        return res.size();
                    }
                });
                return 2.0 * n * n * n / (ms / 1e3) / 1e9;
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
