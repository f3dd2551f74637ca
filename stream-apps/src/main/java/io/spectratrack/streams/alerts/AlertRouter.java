package io.spectratrack.streams.alerts;

import io.spectratrack.avro.Alert;
import io.spectratrack.avro.AlertRule;
import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.BoundingBox;
import io.spectratrack.avro.TrackUpdate;
import io.spectratrack.avro.Zone;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RecordDecodeException;
import io.spectratrack.streams.common.DeadLetters;
import io.spectratrack.streams.common.Routed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert router's processor. It reads {@code track.updates}, {@code band.telemetry} and the
 * {@code alert.rules} table as bytes (bad records are dead-lettered, never fatal), keeps one
 * {@link TargetAlertState} per camera and target, and emits the alerts {@link IncidentDetector}
 * raises. A rule record takes effect for every record processed after it, so rules change at run time.
 */
final class AlertRouter implements Processor<byte[], byte[], byte[], Routed<Alert>> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRouter.class);
    static final String STAGE = "alert-router";
    /** Separates camera and target in state keys; cannot occur in either id from a sane producer. */
    private static final char KEY_SEPARATOR = '\u001f';

    private static final AvroCodec<TrackUpdate> UPDATES = AvroCodec.of(TrackUpdate.class);
    private static final AvroCodec<BandTelemetry> TELEMETRY = AvroCodec.of(BandTelemetry.class);
    private static final AvroCodec<AlertRule> RULES = AvroCodec.of(AlertRule.class);

    private final AlertOptions options;
    private final AlertCounters counters;
    private final IncidentDetector detector;
    private final AlertRule defaultRule;
    private ProcessorContext<byte[], Routed<Alert>> context;
    private KeyValueStore<String, AlertRule> rules;
    private KeyValueStore<String, TargetAlertState> targets;
    private final Map<String, AlertRule> ruleCache = new HashMap<>();

    AlertRouter(AlertOptions options, AlertCounters counters) {
        this.options = options;
        this.counters = counters;
        this.detector = new IncidentDetector(options);
        this.defaultRule = options.applyDefaultRule()
                ? AlertRule.newBuilder().setCameraId("*").setRuleId("default").build() : null;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<Alert>> context) {
        this.context = context;
        this.rules = context.getStateStore(AlertTopology.RULES_STORE);
        this.targets = context.getStateStore(AlertTopology.TARGETS_STORE);
        long every = Math.max(1_000, Math.min(60_000, options.targetIdleMs() / 4));
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, this::expireIdleTargets);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(options.trackUpdatesTopic());
        if (topic.equals(options.rulesTopic())) {
            onRule(record);
        } else if (topic.equals(options.telemetryTopic())) {
            onTelemetry(record);
        } else {
            onUpdate(record);
        }
    }

    private void onRule(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String dlq = options.deadLetterTopic(options.rulesTopic());
        if (record.value() == null) {
            if (key != null) {
                rules.delete(key);
                ruleCache.remove(key);
                LOG.info("alert rule of camera {} removed", key);
            }
            return;
        }
        AlertRule rule;
        try {
            rule = RULES.decode(record.value());
        } catch (RecordDecodeException e) {
            reject(record, dlq, "rules", "undecodable", e.getMessage());
            return;
        }
        String problem = problemOf(rule, key);
        if (problem != null) {
            reject(record, dlq, "rules", "invalid-rule", "rule " + rule.getRuleId() + " of camera " + rule.getCameraId() + ": " + problem);
            return;
        }
        rules.put(rule.getCameraId(), rule);
        ruleCache.put(rule.getCameraId(), rule);
        counters.rules.incrementAndGet();
        LOG.info("alert rule {} of camera {} now in force ({} zones, enabled {})", rule.getRuleId(),
                rule.getCameraId(), rule.getZones().size(), rule.getEnabled());
    }

    private static String problemOf(AlertRule rule, String key) {
        if (key != null && !key.equals(rule.getCameraId())) {
            return "record key '" + key + "' differs from cameraId";
        }
        for (Zone z : rule.getZones()) {
            if (z.getPolygon().size() < 3) return "zone " + z.getZoneId() + " has " + z.getPolygon().size() + " vertices (needs 3)";
            for (var p : z.getPolygon()) {
                if (!Double.isFinite(p.getX()) || !Double.isFinite(p.getY())) return "zone " + z.getZoneId() + " has a non-finite vertex";
            }
        }
        if (rule.getLostFrames() < 0 || rule.getLowConfidenceWindowMs() < 0 || rule.getSpectralShiftThreshold() < 0
                || !Float.isFinite(rule.getLowConfidenceScore()) || !Float.isFinite(rule.getSpectralShiftThreshold())) {
            return "thresholds must be finite and non-negative";
        }
        return null;
    }

    private AlertRule ruleOf(String cameraId) {
        AlertRule r = ruleCache.get(cameraId);
        if (r == null) {
            r = rules.get(cameraId);
            if (r != null) ruleCache.put(cameraId, r);
        }
        return r != null ? r : defaultRule;
    }

    private void onUpdate(Record<byte[], byte[]> record) {
        counters.updates.incrementAndGet();
        String dlq = options.deadLetterTopic(options.trackUpdatesTopic());
        TrackUpdate u;
        try {
            u = UPDATES.decode(record.value());
        } catch (RecordDecodeException e) {
            reject(record, dlq, "decode", "undecodable", e.getMessage());
            return;
        }
        BoundingBox b = u.getBox();
        if (!Double.isFinite(b.getX()) || !Double.isFinite(b.getY()) || !(b.getWidth() > 0) || !(b.getHeight() > 0)
                || !Float.isFinite(u.getScore())) {
            reject(record, dlq, "validate", "invalid-update", "camera " + u.getCameraId() + " target " + u.getTargetId()
                    + " frame " + u.getFrameIndex() + ": box " + b + " or score " + u.getScore() + " is not usable");
            return;
        }
        String key = stateKey(u.getCameraId(), u.getTargetId());
        TargetAlertState state = stateOf(key);
        List<Alert> alerts = detector.onUpdate(ruleOf(u.getCameraId()), state, u, record.timestamp());
        targets.put(key, state);
        emit(record, u.getCameraId(), alerts);
    }

    private void onTelemetry(Record<byte[], byte[]> record) {
        counters.telemetry.incrementAndGet();
        String dlq = options.deadLetterTopic(options.telemetryTopic());
        BandTelemetry t;
        try {
            t = TELEMETRY.decode(record.value());
        } catch (RecordDecodeException e) {
            reject(record, dlq, "decode", "undecodable", e.getMessage());
            return;
        }
        String key = stateKey(t.getCameraId(), t.getTargetId());
        TargetAlertState state = stateOf(key);
        List<Alert> alerts;
        try {
            alerts = detector.onTelemetry(ruleOf(t.getCameraId()), state, t, record.timestamp());
        } catch (IllegalArgumentException e) {
            reject(record, dlq, "validate", "invalid-telemetry", "camera " + t.getCameraId() + " target "
                    + t.getTargetId() + " frame " + t.getFrameIndex() + ": " + e.getMessage());
            return;
        }
        targets.put(key, state);
        emit(record, t.getCameraId(), alerts);
    }

    private TargetAlertState stateOf(String key) {
        TargetAlertState s = targets.get(key);
        return s != null ? s : new TargetAlertState();
    }

    private void emit(Record<byte[], byte[]> record, String cameraId, List<Alert> alerts) {
        byte[] key = cameraId.getBytes(StandardCharsets.UTF_8);
        for (Alert a : alerts) {
            counters.alerts.incrementAndGet();
            LOG.info("{} {}: {}", a.getKind(), a.getAlertId(), a.getMessage());
            context.forward(new Record<>(key, Routed.of(a), record.timestamp(), record.headers()));
        }
    }

    /** Drops the state of targets not heard of for {@code targetIdleMs} of stream time. */
    private void expireIdleTargets(long streamTimeMs) {
        long horizon = streamTimeMs - options.targetIdleMs();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, TargetAlertState> it = targets.all()) {
            while (it.hasNext()) {
                KeyValue<String, TargetAlertState> kv = it.next();
                if (kv.value.lastSeenMs < horizon) idle.add(kv.key);
            }
        }
        idle.forEach(targets::delete);
        if (!idle.isEmpty()) LOG.info("forgot {} idle target(s)", idle.size());
    }

    static String stateKey(String cameraId, String targetId) {
        return cameraId + KEY_SEPARATOR + targetId;
    }

    private void reject(Record<byte[], byte[]> record, String topic, String step, String errorType, String reason) {
        counters.deadLetters.incrementAndGet();
        context.forward(record.withValue(Routed.deadLetter(topic, DeadLetters.of(context, record, STAGE + "/" + step, errorType, reason))));
    }

}
