package io.spectratrack.streams.ingest;

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
 */
public record IngestOptions(String rawTopic, String calibrationTopic, String framesTopic,
                            String defaultCalibrationKey, boolean allowUncalibrated,
                            boolean deadLetterDuplicates) {

    public static IngestOptions defaults() {
        return new IngestOptions(Topics.CAMERA_RAW, Topics.CAMERA_CALIBRATION, Topics.FRAMES, "default", false, true);
    }

    public static IngestOptions from(AppConfig c) {
        IngestOptions d = defaults();
        return new IngestOptions(
                c.get("spectratrack.topic.raw", d.rawTopic),
                c.get("spectratrack.topic.calibration", d.calibrationTopic),
                c.get("spectratrack.topic.frames", d.framesTopic),
                c.get("spectratrack.ingest.default-calibration-key", d.defaultCalibrationKey),
                c.getBoolean("spectratrack.ingest.allow-uncalibrated", d.allowUncalibrated),
                c.getBoolean("spectratrack.ingest.dead-letter-duplicates", d.deadLetterDuplicates));
    }

    public String rawDeadLetterTopic() { return Topics.deadLetter(rawTopic); }
}
