package io.spectratrack.local.camera;

import io.spectratrack.datasets.hot.HotDataset;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticVideo;
import io.spectratrack.local.DemoSettings;
import io.spectratrack.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Several simulated cameras sharing one producer, each on its own thread: {@code cam-1},
 * {@code cam-2}, ... filming synthetic scenes from datasets' generator, or replaying the
 * sequences of a HOT-format data set (camera i plays sequence i, round robin).
 */
public final class CameraFleet implements AutoCloseable {
    /** What the synthetic cameras film. */
    public record Scenes(int width, int height, int frames, double difficulty, long seed) {
        /** From the camera.* keys of config/demo.properties. */
        public static Scenes from(DemoSettings s) {
            return new Scenes(s.getInt("camera.width", SceneSpec.DEFAULT_WIDTH),
                    s.getInt("camera.height", SceneSpec.DEFAULT_HEIGHT), s.getInt("camera.sequence-frames", 1500),
                    s.getDouble("camera.difficulty", 0.5), s.getInt("camera.seed", 2026));
        }
    }

    private final List<CameraSimulator> cameras = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Producer<String, byte[]> producer;

    public CameraFleet(String bootstrapServers, List<CameraFeed> feeds, String idPrefix, double fps, long maxFrames,
                       GroundTruthLog truth) {
        this(bootstrapServers, feeds, null, idPrefix, fps, maxFrames, truth);
    }

    /** Cameras sending pre-rendered {@code laps} (camera i sends lap i; null: they render as they go). */
    public CameraFleet(String bootstrapServers, List<CameraFeed> feeds, List<RenderedLap> laps, String idPrefix, double fps,
                       long maxFrames, GroundTruthLog truth) {
        this.producer = producer(bootstrapServers);
        for (int i = 0; i < feeds.size(); i++) {
            CameraFeed feed = feeds.get(i);
            String id = cameraId(idPrefix, i);
            CameraSpec spec = new CameraSpec(id, "t1", feed.name(), fps, maxFrames);
            CameraSimulator sim = new CameraSimulator(spec, feed, laps == null ? null : laps.get(i), producer,
                    CameraSimulator.CameraTopics.defaults(), truth);
            Thread t = new Thread(sim, "camera-" + id);
            t.setDaemon(true);
            cameras.add(sim);
            threads.add(t);
        }
    }

    /** Ids of the cameras that warm the pipeline up before a demo's cameras start; not shown, not scored. */
    public static final String WARM_UP_PREFIX = "warm-up-";

    /**
     * Runs a warm-up camera for each band count among {@code feeds} for {@code frames} frames at
     * {@code fps} through the whole pipeline (a target is started on it, then stopped), so that
     * the JIT compiler, the transactional producers and TensorFlow are past their start-up when
     * the real cameras begin: measured, the first 15 s of a cold pipeline at 25 fps fell seconds
     * behind. It films the same footage with the same sensor as the first camera of its band count.
     */
    public static void warmUp(String bootstrapServers, List<CameraFeed> feeds, List<RenderedLap> laps, String idPrefix,
                              double fps, int frames) throws InterruptedException {
        Producer<String, byte[]> producer = producer(bootstrapServers);
        try {
            List<CameraSimulator> sims = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            java.util.Set<Integer> seen = new java.util.TreeSet<>();
            for (int i = 0; i < feeds.size(); i++) {
                CameraFeed feed = feeds.get(i);
                if (!seen.add(feed.bands())) continue;
                CameraSpec spec = new CameraSpec(WARM_UP_PREFIX + feed.bands(), "warm-up", "warm-up", fps, frames);
                CameraSimulator sim = new CameraSimulator(spec, feed, laps == null ? null : laps.get(i),
                        SensorModel.forCamera(cameraId(idPrefix, i), feed.bands()), producer,
                        CameraSimulator.CameraTopics.defaults(), new GroundTruthLog());
                Thread t = new Thread(sim, "camera-" + spec.cameraId());
                t.setDaemon(true);
                sims.add(sim);
                threads.add(t);
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) t.join();
            sims.forEach(CameraSimulator::sendStop);
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The id of camera {@code i} (from 0) of a fleet. */
    public static String cameraId(String idPrefix, int i) {
        return idPrefix + (i + 1);
    }

    /** The sensors of a fleet's cameras, as its cameras will expose (for {@link RenderedLap#render}). */
    public static List<SensorModel> sensors(List<CameraFeed> feeds, String idPrefix) {
        List<SensorModel> out = new ArrayList<>();
        for (int i = 0; i < feeds.size(); i++) out.add(SensorModel.forCamera(cameraId(idPrefix, i), feeds.get(i).bands()));
        return out;
    }

    /** Band counts a synthetic camera can have: the 4x4-mosaic VIS and 5x5-mosaic NIR cameras of HOT. */
    public static final List<Integer> BAND_COUNTS = List.of(16, 25);

    /**
     * Checks a {@code --bands} list for {@code cameras} cameras: each a {@link #BAND_COUNTS} value,
     * and no more of them than cameras (a band count no camera gets is a mistake).
     */
    public static void checkBands(List<Integer> bands, int cameras) {
        if (bands.isEmpty()) throw new IllegalArgumentException("--bands needs at least one band count");
        for (int b : bands) {
            if (!BAND_COUNTS.contains(b)) throw new IllegalArgumentException("--bands must be among " + BAND_COUNTS + ", got " + b);
        }
        if (bands.size() > cameras) {
            throw new IllegalArgumentException("--bands " + bands + " names " + bands.size() + " band counts for " + cameras
                    + " camera(s): pass --cameras " + bands.size() + " or more");
        }
    }

    /** The band counts among {@code feeds}, in order. */
    public static java.util.SortedSet<Integer> bandCounts(List<CameraFeed> feeds) {
        return new java.util.TreeSet<>(feeds.stream().map(CameraFeed::bands).toList());
    }

    /** {@code cameras} synthetic cameras; camera {@code i} has {@code bands[i % bands.size()]} bands. */
    public static List<CameraFeed> synthetic(int cameras, List<Integer> bands, Scenes scenes) {
        List<CameraFeed> feeds = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            SceneSpec spec = SceneSpec.of(bands.get(i % bands.size()), scenes.frames()).withSize(scenes.width(), scenes.height())
                    .withDifficulty(scenes.difficulty());
            feeds.add(CameraFeed.of(SyntheticVideo.sequence(spec, scenes.seed(), i)));
        }
        return feeds;
    }

    public static List<CameraFeed> replay(int cameras, Path hotDataset) {
        List<HotSequence> seqs = HotDataset.open(hotDataset);
        if (seqs.isEmpty()) throw new IllegalArgumentException("no HOT-format sequences under " + hotDataset);
        List<CameraFeed> feeds = new ArrayList<>();
        for (int i = 0; i < cameras; i++) feeds.add(CameraFeed.of(seqs.get(i % seqs.size())));
        return feeds;
    }

    public CameraFleet start() {
        threads.forEach(Thread::start);
        return this;
    }

    public List<CameraSimulator> cameras() {
        return cameras;
    }

    /** Stops every camera and waits (up to 5 s each) for its last frame to be sent. */
    public void stop() throws InterruptedException {
        cameras.forEach(CameraSimulator::stop);
        for (Thread t : threads) t.join(5000);
    }

    /** Waits until every camera has published its {@code maxFrames}. */
    public void awaitEnd() throws InterruptedException {
        for (Thread t : threads) t.join();
    }

    @Override
    public void close() {
        cameras.forEach(CameraSimulator::stop);
        producer.close(Duration.ofSeconds(5));
    }

    private static Producer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES + 64 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L * Topics.MAX_RECORD_BYTES));
        // A camera sends each exposure at once; batching would only add latency.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
