package io.spectratrack.streams.alerts;

import io.spectratrack.streams.common.AppConfig;
import io.spectratrack.topics.Topics;

/**
 * What the alert router reads and writes, and the noise guards that are app-wide rather than per
 * camera (per-camera thresholds live in {@code alert.rules}).
 *
 * @param zoneConfirmFrames     consecutive frames the box centre must stay on the new side of a
 *                              zone edge before ZONE_ENTER / ZONE_EXIT fires (boundary jitter guard)
 * @param recoverConfirmFrames  consecutive TRACKING frames before a lost target counts as recovered
 *                              (a single confident frame amid losses is a flicker, not a recovery)
 * @param spectralHistoryFrames span of the exponential average a profile is compared with
 * @param spectralConfirmFrames consecutive drifted profiles before SPECTRAL_SHIFT fires
 * @param applyDefaultRule      cameras without a rule get the schema's default thresholds (rule id
 *                              "default") instead of no alerts at all
 * @param targetIdleMs          stream time after a target's last update at which its state is dropped
 */
public record AlertOptions(String trackUpdatesTopic, String telemetryTopic, String rulesTopic, String alertsTopic,
                           int zoneConfirmFrames, int recoverConfirmFrames, int spectralHistoryFrames, int spectralConfirmFrames,
                           boolean applyDefaultRule, long targetIdleMs) {

    public static AlertOptions defaults() {
        return new AlertOptions(Topics.TRACK_UPDATES, Topics.BAND_TELEMETRY, Topics.ALERT_RULES, Topics.ALERTS,
                3, 3, 10, 2, true, 10 * 60_000L);
    }

    public static AlertOptions from(AppConfig c) {
        AlertOptions d = defaults();
        AlertOptions o = new AlertOptions(
                c.get("spectratrack.topic.track-updates", d.trackUpdatesTopic),
                c.get("spectratrack.topic.band-telemetry", d.telemetryTopic),
                c.get("spectratrack.topic.alert-rules", d.rulesTopic),
                c.get("spectratrack.topic.alerts", d.alertsTopic),
                c.getInt("spectratrack.alerts.zone-confirm-frames", d.zoneConfirmFrames),
                c.getInt("spectratrack.alerts.recover-confirm-frames", d.recoverConfirmFrames),
                c.getInt("spectratrack.alerts.spectral-history-frames", d.spectralHistoryFrames),
                c.getInt("spectratrack.alerts.spectral-confirm-frames", d.spectralConfirmFrames),
                c.getBoolean("spectratrack.alerts.apply-default-rule", d.applyDefaultRule),
                c.getLong("spectratrack.alerts.target-idle-ms", d.targetIdleMs));
        if (o.zoneConfirmFrames < 1 || o.recoverConfirmFrames < 1 || o.spectralHistoryFrames < 1 || o.spectralConfirmFrames < 1) {
            throw new IllegalArgumentException("alert frame counts must be at least 1: " + o);
        }
        return o;
    }

    public String deadLetterTopic(String input) {
        return Topics.deadLetter(input);
    }
}
