package io.spectratrack.streams.bench;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.avro.ReferenceCube;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.files.ScratchDirectory;
import io.spectratrack.kafka.EmbeddedKafka;
import io.spectratrack.streams.common.LargeRecordClients;
import io.spectratrack.streams.common.StreamsSettings;
import io.spectratrack.streams.ingest.CameraCalibrations;
import io.spectratrack.streams.ingest.IngestCounters;
import io.spectratrack.streams.ingest.IngestOptions;
import io.spectratrack.streams.ingest.IngestTopology;
import io.spectratrack.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest gateway throughput through a real (in-process) broker, as a ratio to what the same broker
 * does with the same bytes when nothing but a plain producer and consumer touch them.
 *
 * <p>Rows: (1) broker baseline: a plain producer writes the N raw records, then a plain consumer
 * reads them back; the rate of that copy (N over produce time + consume time) is the 1.00 line.
 * (2) the gateway's per-frame work alone (decode, X2Cube, dark/white, encode), no Kafka.
 * (3) the gateway itself: the N records wait in {@code camera.raw}; the rate is measured between
 * the first and the last calibrated frame a read-committed consumer sees on the output topic, so
 * it includes the app's consume, transactional produce of a frame twice the input's size, and commits.
 */
@Command(name = "ingest-bench", mixinStandardHelpOptions = true,
        description = "Ingest gateway records/s and MB/s through an in-process broker vs the broker's plain produce/consume of the same bytes.")
public final class IngestBenchmark implements Callable<Integer> {
    @Option(names = "--frames", defaultValue = "60", description = "Frames per measurement (default ${DEFAULT-VALUE}).")
    int frames;
    @Option(names = "--width", defaultValue = "2048", description = "Mosaic width in sensor pixels (default ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--height", defaultValue = "1088", description = "Mosaic height (default ${DEFAULT-VALUE}).")
    int height;
    @Option(names = "--pattern", defaultValue = "4", description = "Filter tile side: 4 = 16 bands (default ${DEFAULT-VALUE}).")
    int pattern;
    @Option(names = "--bit-depth", defaultValue = "16", description = "Sensor bit depth (default ${DEFAULT-VALUE}).")
    int bitDepth;
    @Option(names = "--compression", defaultValue = "lz4", description = "Producer compression for every row (default ${DEFAULT-VALUE}).")
    String compression;
    @Option(names = "--guarantees", split = ",", defaultValue = "exactly_once_v2@100,exactly_once_v2@1000,at_least_once@30000,exactly_once_v2@100/UINT16",
            description = "Gateway runs as GUARANTEE@COMMIT_INTERVAL_MS[/FRAME_SAMPLE_TYPE] (default ${DEFAULT-VALUE}).")
    List<String> guarantees;
    @Option(names = "--repeat", defaultValue = "3", description = "Rounds; the table shows medians (default ${DEFAULT-VALUE}).")
    int repeat;
    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Extra Kafka Streams setting for every gateway run, e.g. -s commit.interval.ms=500 (repeatable).")
    Map<String, String> streamsOverrides = new LinkedHashMap<>();
    @Option(names = "--out", description = "Also append the table to this Markdown file.")
    Path out;

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "spectratrack-streams-log4j2.xml");
        }
        System.exit(new CommandLine(new IngestBenchmark()).execute(args));
    }

    /** One measurement; {@code cpuSeconds} is this JVM's CPU time (broker, app and clients) for the timed records. */
    private record Row(String what, double recordsPerS, double mbInPerS, double mbOutPerS, Double ratio, double cpuSeconds) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static double cpuNow() {
        return OS.getProcessCpuTime() / 1e9;
    }

    @Override
    public Integer call() throws Exception {
        int warm = Math.max(2, frames / 10);
        System.err.printf("generating %d %dx%d %d-bit mosaics...%n", frames + warm, width, height, bitDepth);
        List<byte[]> records = mosaics(frames + warm);
        List<byte[]> warmup = records.subList(0, warm);
        List<byte[]> timed = records.subList(warm, records.size());
        long inBytes = timed.stream().mapToLong(b -> b.length).sum();
        byte[] key = "bench-cam".getBytes(StandardCharsets.UTF_8);
        Map<String, List<Row>> results = new LinkedHashMap<>();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bs = kafka.bootstrapServers();
            kafka.createTopics(1, "bench.warmup", Topics.CAMERA_RAW, Topics.CAMERA_CALIBRATION, Topics.deadLetter(Topics.CAMERA_RAW));
            copy(bs, "bench.warmup", key, warmup);
            try (KafkaProducer<byte[], byte[]> p = LargeRecordClients.producer(bs, compression)) {
                p.send(new ProducerRecord<>(Topics.CAMERA_CALIBRATION, "default".getBytes(StandardCharsets.UTF_8),
                        AvroCodec.of(CameraCalibration.class).encode(calibration())));
                for (byte[] r : records) p.send(new ProducerRecord<>(Topics.CAMERA_RAW, key, r));
                p.flush();
            }
            CameraCalibrations cal = CameraCalibrations.prepare(calibration());
            for (byte[] r : warmup) transform(r, cal);

            for (int round = 1; round <= repeat; round++) {
                System.err.printf("round %d of %d%n", round, repeat);
                // (1) broker baseline: plain produce, then plain consume of the same bytes.
                String plain = "bench.plain." + round;
                kafka.createTopics(1, plain);
                double[] pc = copy(bs, plain, key, timed);
                double plainRate = frames / (pc[0] + pc[1]);
                add(results, new Row("broker: plain produce only", frames / pc[0], inBytes / pc[0] / 1e6, 0, null, Double.NaN));
                add(results, new Row("broker: plain consume only", frames / pc[1], inBytes / pc[1] / 1e6, 0, null, Double.NaN));
                add(results, new Row("broker: plain produce + consume of the same records (baseline)", plainRate,
                        plainRate * inBytes / frames / 1e6, 0, 1.0, pc[2]));

                // (2) the gateway's arithmetic alone.
                long outBytes = 0;
                double cpu0 = cpuNow();
                long t0 = System.nanoTime();
                for (byte[] r : timed) outBytes = transform(r, cal);
                double cpu = (System.nanoTime() - t0) / 1e9;
                add(results, new Row("gateway work only (decode, X2Cube, dark/white, encode; no Kafka)", frames / cpu,
                        inBytes / cpu / 1e6, (double) outBytes * frames / cpu / 1e6, (frames / cpu) / plainRate, cpuNow() - cpu0));

                // (3) the gateway through the broker, over the records waiting in camera.raw.
                for (String run : guarantees) {
                    String[] parts = run.split("[@/]");
                    String guarantee = parts[0];
                    long commitMs = Long.parseLong(parts.length > 1 ? parts[1] : "100");
                    SampleType frameType = SampleType.valueOf(parts.length > 2 ? parts[2] : "FLOAT32");
                    String id = guarantee + "-" + commitMs + "-" + frameType + "-" + round;
                    String framesTopic = "bench.frames." + id;
                    kafka.createTopics(1, framesTopic);
                    double[] g = gateway(bs, guarantee, commitMs, frameType, id, framesTopic, records.size(), warm);
                    double rate = frames / g[0];
                    add(results, new Row("ingest gateway through the broker (" + guarantee + ", commit every " + commitMs
                            + " ms, " + frameType + " frames, " + compression + ")", rate, rate * inBytes / frames / 1e6, rate * g[1] / 1e6, rate / plainRate, g[2]));
                }
            }
        }
        String table = table(results, inBytes / frames, warm) + compressionNote(timed.get(0), cal(timed.get(0)));
        System.out.println(table);
        if (out != null) Files.writeString(out, table + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return 0;
    }

    private byte[] cal(byte[] raw) {
        RawMosaicFrame f = AvroCodec.of(RawMosaicFrame.class).decode(raw);
        CameraCalibrations c = CameraCalibrations.prepare(calibration());
        SpectralCube cube = c.apply(X2Cube.toCube(RawMosaics.toMosaic(f), pattern));
        return AvroCodec.of(io.spectratrack.avro.HyperspectralFrame.class)
                .encode(FrameCubes.toFrame(f.getCameraId(), f.getSequence(), 0, cube, c.wavelengthsNm(), true));
    }

    /** What the chosen codec does to one raw record and one frame record, for reading the table. */
    private String compressionNote(byte[] raw, byte[] frame) {
        if ("none".equals(compression)) return "";
        return String.format(Locale.ROOT, "%n%s shrinks a raw record to %.0f%% and a calibrated frame record to %.0f%% of its size.%n",
                compression, 100.0 * compressed(raw) / raw.length, 100.0 * compressed(frame) / frame.length);
    }

    private int compressed(byte[] bytes) {
        try {
            org.apache.kafka.common.utils.ByteBufferOutputStream buf = new org.apache.kafka.common.utils.ByteBufferOutputStream(bytes.length);
            try (java.io.OutputStream os = org.apache.kafka.common.compress.Compression.of(compression).build()
                    .wrapForOutput(buf, org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE)) {
                os.write(bytes);
            }
            return buf.position();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void add(Map<String, List<Row>> results, Row row) {
        results.computeIfAbsent(row.what, k -> new ArrayList<>()).add(row);
    }

    /** Produces then consumes {@code records}; returns {produce seconds, consume seconds}. */
    private double[] copy(String bs, String topic, byte[] key, List<byte[]> records) {
        double cpu0 = cpuNow();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = LargeRecordClients.producer(bs, compression)) {
            for (byte[] r : records) p.send(new ProducerRecord<>(topic, key, r));
            p.flush();
            double produce = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> got = LargeRecordClients.read(bs, List.of(topic), records.size(), Duration.ofMinutes(5));
            double consume = (System.nanoTime() - t1) / 1e9;
            if (got.size() != records.size()) throw new IllegalStateException("baseline read " + got.size() + " of " + records.size());
            return new double[] {produce, consume, cpuNow() - cpu0};
        }
    }

    /**
     * Runs the gateway over the waiting records; returns {seconds from the first timed frame's
     * arrival to the last one's, mean output record bytes}.
     */
    private double[] gateway(String bs, String guarantee, long commitMs, SampleType frameType, String id, String framesTopic,
                             int total, int warm)
            throws Exception {
        Path state = ScratchDirectory.create("ingest-bench-");
        Properties props = StreamsSettings.defaults("ingest-bench-" + id);
        props.putAll(StreamsSettings.boundedReadAhead(8));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitMs));
        props.put(StreamsConfig.producerPrefix("compression.type"), compression);
        props.putAll(streamsOverrides);
        IngestOptions options = IngestOptions.defaults().withFramesTopic(framesTopic).withFrameSampleType(frameType);
        IngestCounters counters = new IngestCounters();
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.build(builder, options, counters);
        long[] arrivals = new long[total];
        double cpuAtFirst = 0;
        long outBytes = 0;
        int seen = 0;
        try (KafkaStreams streams = new KafkaStreams(builder.build(props), props);
             KafkaConsumer<byte[], byte[]> c = LargeRecordClients.consumer(bs, "bench-reader-" + id)) {
            c.subscribe(List.of(framesTopic));
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (seen >= warm) outBytes += r.value().length;
                    arrivals[seen++] = System.nanoTime();
                    if (seen == warm) cpuAtFirst = cpuNow();
                }
            }
            if (seen < total) throw new IllegalStateException(guarantee + ": only " + seen + " of " + total
                    + " frames came out; " + counters.progress(1));
        }
        double cpu = cpuNow() - cpuAtFirst;
        // The first timed frame's arrival to the last one's: frames - 1 intervals; scale to frames.
        int timedFrames = total - warm;
        double seconds = (arrivals[total - 1] - arrivals[warm - 1]) / 1e9;
        return new double[] {seconds, (double) outBytes / timedFrames, cpu};
    }

    private long transform(byte[] raw, CameraCalibrations cal) {
        RawMosaicFrame f = AvroCodec.of(RawMosaicFrame.class).decode(raw);
        SpectralCube cube = cal.apply(X2Cube.toCube(RawMosaics.toMosaic(f), pattern));
        return AvroCodec.of(io.spectratrack.avro.HyperspectralFrame.class)
                .encode(FrameCubes.toFrame(f.getCameraId(), f.getSequence(), 0, cube, cal.wavelengthsNm(), true)).length;
    }

    /** Smooth scene plus sensor noise, so compression sees what a real sensor gives it. */
    private List<byte[]> mosaics(int n) {
        Random rnd = new Random(42);
        float[] base = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                base[y * width + x] = 0.2f + 0.3f * (float) Math.sin(x / 97.0) * (float) Math.cos(y / 61.0) + 0.2f * ((x % pattern) + (y % pattern)) / (2f * pattern);
            }
        }
        List<byte[]> out = new ArrayList<>(n);
        float[] v = new float[base.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < v.length; k++) v[k] = Math.max(0, Math.min(1, base[k] + 0.01f * (float) rnd.nextGaussian()));
            RawMosaicFrame f = RawMosaics.toRecord("bench-cam", i + 1, 1_700_000_000_000L + 33L * i,
                    new Mosaic(height, width, v), pattern, bitDepth);
            out.add(AvroCodec.of(RawMosaicFrame.class).encode(f));
        }
        return out;
    }

    private CameraCalibration calibration() {
        int bands = pattern * pattern;
        float[] dark = new float[bands];
        float[] white = new float[bands];
        Arrays.fill(dark, 0.02f);
        Arrays.fill(white, 0.95f);
        List<Float> wl = new ArrayList<>();
        for (int k = 0; k < bands; k++) wl.add(470f + 10f * k);
        return CameraCalibration.newBuilder().setCameraId("default").setPatternSize(pattern).setWavelengthsNm(wl)
                .setDark(ref(dark)).setWhite(ref(white)).build();
    }

    private ReferenceCube ref(float[] perBand) {
        return ReferenceCube.newBuilder().setBands(perBand.length).setHeight(1).setWidth(1)
                .setSamples(ByteBuffer.wrap(SampleFormat.FLOAT32.encode(perBand, 32))).build();
    }

    /** One line per measurement: the median round by records/s, and the spread of the ratio over rounds. */
    private String table(Map<String, List<Row>> results, long recordBytes, int warm) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d frames of %dx%d %d-bit mosaics (%d bands, %.2f MB per raw record), "
                        + "%d warm-up frames, median of %d rounds, %d cores, max heap %d MB%n%n", frames, width, height,
                bitDepth, pattern * pattern, recordBytes / 1e6, warm, repeat, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        sb.append("| measurement | records/s | MB/s in | MB/s out | ratio to broker baseline | ratio range over rounds "
                + "| CPU ms per record | ratio per CPU-second |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        double baseCpu = results.values().stream().flatMap(List::stream).filter(r -> r.ratio != null && r.ratio == 1.0)
                .mapToDouble(Row::cpuSeconds).sorted().skip(repeat / 2).findFirst().orElse(Double.NaN);
        for (List<Row> rounds : results.values()) {
            List<Row> sorted = rounds.stream().sorted(java.util.Comparator.comparingDouble(Row::recordsPerS)).toList();
            Row m = sorted.get(sorted.size() / 2);
            List<Double> ratios = rounds.stream().map(Row::ratio).filter(java.util.Objects::nonNull).sorted().toList();
            String ratio = ratios.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", ratios.get(ratios.size() / 2));
            String range = ratios.size() < 2 ? "" : String.format(Locale.ROOT, "%.2f-%.2f", ratios.get(0), ratios.get(ratios.size() - 1));
            double cpu = rounds.stream().mapToDouble(Row::cpuSeconds).sorted().skip(rounds.size() / 2).findFirst().orElse(Double.NaN);
            String cpuMs = Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "%.0f", cpu * 1000 / frames);
            String cpuRatio = Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "%.2f", baseCpu / cpu);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %s | %s | %s | %s | %s |%n", m.what, m.recordsPerS, m.mbInPerS,
                    m.mbOutPerS == 0 ? "" : String.format(Locale.ROOT, "%.0f", m.mbOutPerS), ratio, range, cpuMs, cpuRatio));
        }
        return sb.toString();
    }
}
