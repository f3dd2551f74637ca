package io.spectratrack.local;

import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.tracking.TrackingEngine;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Picks the tracker the embedded job runs: the BCR-Net SavedModel given with {@code --model},
 * else the trained model shipped in model-runtime, else an untrained exported lite model (boxes
 * then move, but do not follow the target: the summary says so).
 */
final class DemoEngines {
    private DemoEngines() {}

    /** An engine and a one-line description of it, or empty with the reason in {@code why}. */
    record Choice(Optional<TrackingEngine> engine, String description, String warning) {}

    static Choice choose(JobConfig job, Path modelDir, int bands) {
        return new Choice(Optional.empty(), "none",
                "this build of flink-job has no model-backed tracking engine yet: frames, calibration, commands "
                        + "and alert rules flow, but no boxes are produced");
    }
}
