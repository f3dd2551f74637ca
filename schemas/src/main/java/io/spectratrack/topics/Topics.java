package io.spectratrack.topics;

/**
 * The one home of topic names (design/architecture.md, "Topics"). Every program takes these as
 * defaults and lets configuration override them; the key of every topic is the camera id so that
 * one partition per camera keeps each camera's records in order.
 */
public final class Topics {
    public static final String CAMERA_RAW = "camera.raw";
    public static final String CAMERA_CALIBRATION = "camera.calibration";
    public static final String FRAMES = "frames";
    public static final String TRACK_COMMANDS = "track.commands";
    public static final String TRACK_UPDATES = "track.updates";
    public static final String BAND_TELEMETRY = "band.telemetry";
    public static final String ALERT_RULES = "alert.rules";
    public static final String ALERTS = "alerts";

    /** The topics whose bad records some program dead-letters (each has a {@link #deadLetter} companion). */
    public static final java.util.List<String> DEAD_LETTERED = java.util.List.of(CAMERA_RAW, FRAMES, TRACK_COMMANDS, TRACK_UPDATES,
            BAND_TELEMETRY, ALERT_RULES);

    /** Suffix of a topic's dead-letter companion, e.g. {@code camera.raw.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * Largest record a topic must carry: a 16-bit 2048x1088 mosaic is 4.5 MB and its float cube
     * 8.9 MB. Producer, topic and consumer limits must all be raised to this (stack.md, trap 6).
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Compacted topics: only the latest record per key matters. */
    public static boolean isCompacted(String topic) {
        return CAMERA_CALIBRATION.equals(topic) || ALERT_RULES.equals(topic);
    }
}
