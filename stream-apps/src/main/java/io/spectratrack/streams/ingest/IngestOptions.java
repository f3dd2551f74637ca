package io.spectratrack.streams.ingest;

import io.spectratrack.avro.SampleType;
import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.topics.Topics;

/**
 * What the ingest gateway reads, writes and tolerates.
 *
 * @param rawTopic              camera mosaics in ({@code RawMosaicFrame})
 * @param calibrationTopic      compacted calibrations, read as a global table ({@code CameraCalibration})
 * @param framesTopic           calibrated cubes out ({@code HyperspectralFrame})
 * @param defaultCalibrationKey a calibration published under this camera id serves every camera
 *                              that has none of its own; blank disables the fallback
 * @param allowUncalibrated     pass frames of cameras with no calibration at all (uncorrected, no
 *                              wavelengths) instead of dead-lettering them
 * @param deadLetterDuplicates  also dead-letter (not only drop) repeated or out-of-order sequences
 * @param frameSampleType       UINT16 (the default: reflectance quantised to 1/65535, 16 times
 *                              finer than a 12-bit sensor's step, and clipped to [0, 1], so
 *                              reflectance above the white reference saturates; half the bytes
 *                              of FLOAT32, made in one pass by {@link io.spectratrack.cube.CalibratedDemosaic})
 *                              or FLOAT32 (exact, unclipped, the general four-pass path)
 * @param pacing                what to do when the gateway falls behind real time
 */
public record IngestOptions(String rawTopic, String calibrationTopic, String framesTopic,
                            String defaultCalibrationKey, boolean allowUncalibrated,
                            Order order, SampleType frameSampleType, Pacing pacing) {

    /**
     * How frames out of order are told apart from a camera restart ({@link io.spectratrack.pacing.FrameOrder}):
     * repeats are dropped (to the dead-letter topic when {@code deadLetterDuplicates}); a sequence
     * that goes back after the camera was silent for {@code restartGapMs} (or a greater boot id)
     * starts the camera afresh.
     */
    public record Order(boolean deadLetterDuplicates, long restartGapMs) {
        public static Order defaults() {
            return new Order(true, io.spectratrack.pacing.FrameOrder.DEFAULT_RESTART_GAP_MS);
        }
    }

    /**
     * {@code latest}: a raw frame that waited longer than {@code maxDelayMs} beyond its camera's
     * fastest way to the gateway is processed only as a thinning of the backlog
     * ({@link io.spectratrack.pacing.FramePace}, the tracking job's rule too), the others are shed
     * before any sample is read and counted on the next frame ({@code framesShedBefore}), so the
     * gateway's lag stays bounded when cameras send more than it affords; {@code !latest}
     * ({@code process-all}) processes every frame however late.
     */
    public record Pacing(boolean latest, long maxDelayMs) {
        public static Pacing defaults() {
            return new Pacing(true, 250);
        }
    }

    public IngestOptions {
        if (frameSampleType != SampleType.FLOAT32 && frameSampleType != SampleType.UINT16) {
            throw new IllegalArgumentException("frame sample type must be FLOAT32 or UINT16, got " + frameSampleType);
        }
    }

    public static IngestOptions defaults() {
        return new IngestOptions(Topics.CAMERA_RAW, Topics.CAMERA_CALIBRATION, Topics.FRAMES, "default", false, Order.defaults(),
                SampleType.UINT16, Pacing.defaults());
    }

    public IngestOptions withFramesTopic(String topic) {
        return new IngestOptions(rawTopic, calibrationTopic, topic, defaultCalibrationKey, allowUncalibrated,
                order, frameSampleType, pacing);
    }

    public IngestOptions withFrameSampleType(SampleType type) {
        return new IngestOptions(rawTopic, calibrationTopic, framesTopic, defaultCalibrationKey, allowUncalibrated,
                order, type, pacing);
    }

    public IngestOptions withOrder(Order o) {
        return new IngestOptions(rawTopic, calibrationTopic, framesTopic, defaultCalibrationKey, allowUncalibrated,
                o, frameSampleType, pacing);
    }

    public IngestOptions withPacing(Pacing p) {
        return new IngestOptions(rawTopic, calibrationTopic, framesTopic, defaultCalibrationKey, allowUncalibrated,
                order, frameSampleType, p);
    }

    public static IngestOptions from(AppConfig c) {
        IngestOptions d = defaults();
        return new IngestOptions(
                c.get("spectratrack.topic.raw", d.rawTopic),
                c.get("spectratrack.topic.calibration", d.calibrationTopic),
                c.get("spectratrack.topic.frames", d.framesTopic),
                c.get("spectratrack.ingest.default-calibration-key", d.defaultCalibrationKey),
                c.getBoolean("spectratrack.ingest.allow-uncalibrated", d.allowUncalibrated),
                new Order(c.getBoolean("spectratrack.ingest.dead-letter-duplicates", d.order.deadLetterDuplicates()),
                        java.time.Duration.parse(c.get("spectratrack.ingest.camera-restart-gap",
                                java.time.Duration.ofMillis(d.order.restartGapMs()).toString())).toMillis()),
                sampleType(c.get("spectratrack.ingest.frame-sample-type", d.frameSampleType.name())),
                new Pacing(policy(c.get("spectratrack.ingest.realtime.policy", "latest")),
                        java.time.Duration.parse(c.get("spectratrack.ingest.realtime.max-delay", "PT" + d.pacing.maxDelayMs() / 1000.0 + "S")).toMillis()));
    }

    private static boolean policy(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "latest" -> true;
            case "process-all" -> false;
            default -> throw new IllegalArgumentException("spectratrack.ingest.realtime.policy must be latest or process-all, got '" + name + "'");
        };
    }

    private static SampleType sampleType(String name) {
        try {
            return SampleType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spectratrack.ingest.frame-sample-type must be FLOAT32 or UINT16, got '" + name + "'");
        }
    }

    public long restartGapMs() { return order.restartGapMs(); }

    public String rawDeadLetterTopic() { return Topics.deadLetter(rawTopic); }
}
