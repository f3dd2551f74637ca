package io.spectratrack.local.camera;

import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.CommandType;
import io.spectratrack.avro.Point;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.avro.TrackCommand;
import io.spectratrack.avro.Zone;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated hyperspectral camera. It publishes its calibration and alert rule, then the raw
 * sensor mosaic of each frame of its feed at its real frame rate (X2Cube's inverse of the scene
 * cube, exposed through the {@link SensorModel}, quantised to 12 bits), and the operator's START
 * command for its target right after the first frame. A feed shorter than the run starts over;
 * the operator then re-marks the target (REINIT) on the first frame of the new lap. Given a
 * {@link RenderedLap} it sends the lap's words instead of rendering each frame as it goes.
 *
 * <p>Like a real camera it never waits for the consumers: when producing a frame takes longer than
 * a frame period it skips exposures, which shows downstream as a sequence gap.
 */
public final class CameraSimulator implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSimulator.class);
    private static final AvroCodec<RawMosaicFrame> RAW = AvroCodec.of(RawMosaicFrame.class);
    private static final AvroCodec<TrackCommand> COMMAND = AvroCodec.of(TrackCommand.class);
    private static final AvroCodec<AlertRule> RULE = AvroCodec.of(AlertRule.class);
    private static final AvroCodec<io.spectratrack.avro.CameraCalibration> CALIBRATION =
            AvroCodec.of(io.spectratrack.avro.CameraCalibration.class);

    private final CameraSpec spec;
    private final CameraFeed feed;
    private final Producer<String, byte[]> producer;
    private final CameraTopics topics;
    private final GroundTruthLog truth;
    private final SensorModel sensor;
    private final AtomicLong published = new AtomicLong();
    /** Boot id as a real camera reports it: its boot time, so a restarted simulator starts a new run. */
    private final long bootId = System.currentTimeMillis();
    private volatile boolean running = true;

    private final RenderedLap lap;

    public CameraSimulator(CameraSpec spec, CameraFeed feed, Producer<String, byte[]> producer,
                           CameraTopics topics, GroundTruthLog truth) {
        this(spec, feed, null, producer, topics, truth);
    }

    /** A camera that sends {@code lap} (rendered by {@link SensorModel#forCamera} for this camera), or renders live when null. */
    public CameraSimulator(CameraSpec spec, CameraFeed feed, RenderedLap lap, Producer<String, byte[]> producer,
                           CameraTopics topics, GroundTruthLog truth) {
        this(spec, feed, lap, SensorModel.forCamera(spec.cameraId(), feed.bands()), producer, topics, truth);
    }

    /** A camera with the given sensor ({@code lap}, if any, rendered with it). */
    public CameraSimulator(CameraSpec spec, CameraFeed feed, RenderedLap lap, SensorModel sensor, Producer<String, byte[]> producer,
                           CameraTopics topics, GroundTruthLog truth) {
        this.spec = spec;
        this.feed = feed;
        this.lap = lap;
        this.producer = producer;
        this.topics = topics;
        this.truth = truth;
        this.sensor = sensor;
    }

    /** The operator releases the target: a STOP command. */
    public void sendStop() {
        send(topics.commands(), COMMAND.encode(command(CommandType.STOP, 0, new Box(0, 0, 1, 1))));
        producer.flush();
    }

    public String cameraId() { return spec.cameraId(); }
    public CameraFeed feed() { return feed; }
    public long framesPublished() { return published.get(); }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        String cam = spec.cameraId();
        int pattern = (int) Math.round(Math.sqrt(feed.bands()));
        send(topics.calibration(), CALIBRATION.encode(sensor.calibration(cam, pattern, feed.wavelengthsNm())));
        send(topics.rules(), RULE.encode(alertRule()));
        long periodNs = Math.round(1e9 / spec.framesPerSecond());
        long t0 = System.nanoTime();
        long sequence = 0;
        long lastLap = -1;
        while (running && (spec.maxFrames() <= 0 || sequence < spec.maxFrames())) {
            int index = (int) (sequence % feed.frameCount());
            long lap = sequence / feed.frameCount();
            long captureMs = System.currentTimeMillis();
            RawMosaicFrame raw = exposure(cam, sequence, captureMs, index, pattern);
            Box box = feed.groundTruth().get(index);
            if (box.isValid()) truth.record(cam, spec.targetId(), sequence, box);
            send(topics.raw(), RAW.encode(raw));
            published.incrementAndGet();
            if (lap != lastLap && box.isValid()) {
                // The operator marks the target on the first frame they see it (again, after a lap).
                CommandType type = lastLap < 0 ? CommandType.START : CommandType.REINIT;
                send(topics.commands(), COMMAND.encode(command(type, sequence, box)));
                LOG.info("camera {}: {} target {} on frame {} at {}", cam, type, spec.targetId(), sequence, box);
                lastLap = lap;
            }
            // Next exposure on the camera's clock; exposures missed while we were busy are skipped.
            long next = t0 + (sequence + 1) * periodNs;
            long now = System.nanoTime();
            long late = (now - next) / periodNs;
            if (late > 0) {
                truth.skipped(cam, late);
                sequence += late;
                next += late * periodNs;
            }
            sequence++;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        producer.flush();
    }

    /** Frame {@code index} of the feed as the sensor delivers it: from the lap, or rendered now. */
    private RawMosaicFrame exposure(String cam, long sequence, long captureMs, int index, int pattern) {
        ByteBuffer words;
        int mw;
        int mh;
        if (lap != null) {
            words = lap.words(index);
            mw = lap.mosaicWidth();
            mh = lap.mosaicHeight();
        } else {
            SpectralCube scene = feed.frame(index);
            words = ByteBuffer.wrap(sensor.readout(scene));
            mw = scene.width() * pattern;
            mh = scene.height() * pattern;
        }
        return RawMosaicFrame.newBuilder()
                .setCameraId(cam)
                .setSequence(sequence)
                .setCaptureTimeMs(Instant.ofEpochMilli(captureMs))
                .setWidth(mw)
                .setHeight(mh)
                .setPatternSize(pattern)
                .setBitDepth(SensorModel.BIT_DEPTH)
                .setSampleType(SampleType.UINT16)
                .setSamples(words)
                .setBootId(bootId)
                .build();
    }

    private TrackCommand command(CommandType type, long frame, Box box) {
        return TrackCommand.newBuilder()
                .setCameraId(spec.cameraId())
                .setTargetId(spec.targetId())
                .setType(type)
                .setFrameIndex(frame)
                .setBox(new BoundingBox(box.x(), box.y(), box.width(), box.height()))
                .setIssuedAtMs(Instant.now())
                .setCommandId(spec.cameraId() + "/" + spec.targetId() + "/" + type + "/" + frame)
                .setLabel(spec.targetLabel())
                .build();
    }

    /**
     * The camera's alert policy: a zone over the west half of the view (targets cross its edge
     * every few seconds, so entries and exits show up quickly) and the lost-target rule.
     */
    private AlertRule alertRule() {
        SpectralCube first = feed.frame(0);
        double w = first.width();
        double h = first.height();
        Zone west = Zone.newBuilder()
                .setZoneId("west")
                .setName("west half")
                .setPolygon(List.of(new Point(0.0, 0.0), new Point(w / 2, 0.0), new Point(w / 2, h), new Point(0.0, h)))
                .build();
        return AlertRule.newBuilder()
                .setCameraId(spec.cameraId())
                .setRuleId("demo-" + spec.cameraId())
                .setZones(List.of(west))
                .setLostFrames(10)
                .build();
    }

    private void send(String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, spec.cameraId(), value), (md, e) -> {
            if (e != null) LOG.warn("camera {}: could not publish to {}: {}", spec.cameraId(), topic, e.toString());
        });
    }

    /** Topic names the camera publishes to. */
    public record CameraTopics(String raw, String calibration, String commands, String rules) {
        public static CameraTopics defaults() {
            return new CameraTopics(io.spectratrack.topics.Topics.CAMERA_RAW, io.spectratrack.topics.Topics.CAMERA_CALIBRATION,
                    io.spectratrack.topics.Topics.TRACK_COMMANDS, io.spectratrack.topics.Topics.ALERT_RULES);
        }
    }
}
