package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.avro.DeadLetter;
import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.avro.RawMosaicFrame;
import io.spectratrack.avro.SampleType;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.codec.RawMosaics;
import io.spectratrack.codec.RecordDecodeException;
import io.spectratrack.cube.CalibratedDemosaic;
import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.cube.SpectralDataException;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.pacing.FrameOrder;
import io.spectratrack.streams.common.BoundedMap;
import io.spectratrack.topics.Topics;
import io.spectratrack.pacing.FramePace;
import io.spectratrack.streams.common.DeadLetters;
import io.spectratrack.streams.common.Routed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera ingest gateway's frame processor. It reads {@code camera.raw} as bytes (so that
 * anything undecodable can be dead-lettered whole); each mosaic is validated, de-duplicated,
 * joined with its camera's calibration (or the default one), demosaicked (X2Cube), dark/white
 * corrected and emitted as a frame with its wavelengths. Every rejection becomes a dead letter; nothing a camera sends can stop the app.
 *
 * <p>Validation runs cheapest first (header arithmetic before touching the samples), so a flood
 * of bad frames costs little.
 */
final class IngestGateway implements Processor<byte[], byte[], byte[], Routed<HyperspectralFrame>> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
    static final String STAGE = "ingest-gateway";

    private static final AvroCodec<RawMosaicFrame> RAW = AvroCodec.of(RawMosaicFrame.class);

    private final IngestOptions options;
    private final IngestCounters counters;
    private ProcessorContext<byte[], Routed<HyperspectralFrame>> context;
    private KeyValueStore<String, CameraCalibration> calibrationStore;
    /**
     * Cameras whose in-memory helpers (pace, shed count, kernels) are kept; beyond, the least recent
     * is forgotten and starts afresh (a kernel is rebuilt, a shed count counts as missed).
     */
    static final int CAMERAS_IN_MEMORY = 4_096;

    private KeyValueStore<String, Long> lastSequence;
    private KeyValueStore<String, Long> bootIds;
    /** When each camera's last frame went out (wall clock; in memory: unknown after a restart, FrameOrder's -1). */
    private final Map<String, Long> lastOutMs = new BoundedMap<>(CAMERAS_IN_MEMORY);
    /** Prepared calibrations, per camera, with the table record each came from. */
    private final Map<String, Prepared> prepared = new BoundedMap<>(CAMERAS_IN_MEMORY);
    /** Per camera: its pacing, and frames shed since its last emitted frame (see IngestOptions.Pacing). */
    private final Map<String, FramePace> paces = new BoundedMap<>(CAMERAS_IN_MEMORY);
    private final Map<String, Long> shedSinceEmitted = new BoundedMap<>(CAMERAS_IN_MEMORY);
    /** One-pass demosaic kernels, per camera (see {@link #kernel}). */
    private final Map<String, Kernel> kernels = new BoundedMap<>(CAMERAS_IN_MEMORY);

    IngestGateway(IngestOptions options, IngestCounters counters) {
        this.options = options;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<HyperspectralFrame>> context) {
        this.context = context;
        this.calibrationStore = context.getStateStore(IngestTopology.CALIBRATION_STORE);
        this.lastSequence = context.getStateStore(IngestTopology.SEQUENCE_STORE);
        this.bootIds = context.getStateStore(IngestTopology.BOOT_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        onRawFrame(record);
    }

    private CameraCalibrations calibrationOf(String cameraId) {
        CameraCalibrations c = lookup(cameraId);
        if (c == null && !options.defaultCalibrationKey().isBlank()) {
            c = lookup(options.defaultCalibrationKey());
        }
        return c;
    }

    /**
     * The camera's calibration from the global table, decoded and prepared once per version: the
     * table hands out a fresh copy per read, compared with the one the cached preparation came from.
     */
    private CameraCalibrations lookup(String cameraId) {
        CameraCalibration stored = calibrationStore.get(cameraId);
        if (stored == null) {
            prepared.remove(cameraId);
            return null;
        }
        Prepared p = prepared.get(cameraId);
        if (p == null || !p.source.equals(stored)) {
            p = new Prepared(stored, CameraCalibrations.prepare(stored)); // validated by CalibrationLoader
            prepared.put(cameraId, p);
        }
        return p.calibration;
    }

    private record Prepared(CameraCalibration source, CameraCalibrations calibration) {}

    /**
     * The one-pass kernel for frames of this camera, calibration (null: uncalibrated) and bit
     * depth, or null when only the general path can produce them (FLOAT32 frames asked for, float
     * mosaics, or per-pixel references). Built once per calibration version and bit depth.
     */
    private CalibratedDemosaic kernel(String camera, CameraCalibrations calibration, int pattern, int bitDepth) {
        if (options.frameSampleType() != SampleType.UINT16 || bitDepth > 16) return null;
        Kernel k = kernels.get(camera);
        if (k == null || k.calibration != calibration || k.pattern != pattern || k.bitDepth != bitDepth) {
            CalibratedDemosaic d = calibration == null ? CalibratedDemosaic.of(pattern, bitDepth, null, null)
                    : CalibratedDemosaic.of(pattern, bitDepth, calibration.dark(), calibration.white());
            k = new Kernel(calibration, pattern, bitDepth, d);
            kernels.put(camera, k);
        }
        return k.demosaic;
    }

    private record Kernel(CameraCalibrations calibration, int pattern, int bitDepth, CalibratedDemosaic demosaic) {}

    // ---- frames -----------------------------------------------------------------------------

    private void onRawFrame(Record<byte[], byte[]> record) {
        counters.framesIn.incrementAndGet();
        counters.bytesIn.addAndGet(record.value() == null ? 0 : record.value().length);
        RawMosaicFrame raw;
        try {
            raw = RAW.decode(record.value());
        } catch (RecordDecodeException e) {
            reject(record, options.rawDeadLetterTopic(), "decode", "undecodable", e.getMessage());
            return;
        }
        String camera = raw.getCameraId();
        String where = "camera " + camera + " sequence " + raw.getSequence();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key != null && !key.equals(camera)) {
            reject(record, options.rawDeadLetterTopic(), "validate", "key-mismatch",
                    where + ": record key '" + key + "' differs from cameraId (frames of one camera must share a partition)");
            return;
        }
        Rejection header = checkHeader(raw, where);
        if (header != null) {
            reject(record, options.rawDeadLetterTopic(), "validate", header.errorType(), header.reason());
            return;
        }
        CameraCalibrations calibration = calibrationOf(camera);
        if (calibration == null && !options.allowUncalibrated()) {
            reject(record, options.rawDeadLetterTopic(), "calibrate", "unknown-camera",
                    where + ": no calibration for this camera in " + options.calibrationTopic()
                            + (options.defaultCalibrationKey().isBlank() ? "" : " and no default calibration (key '"
                            + options.defaultCalibrationKey() + "')"));
            return;
        }
        if (calibration != null && calibration.patternSize() != raw.getPatternSize()) {
            reject(record, options.rawDeadLetterTopic(), "calibrate", "calibration-mismatch",
                    where + ": frame has a " + raw.getPatternSize() + "x" + raw.getPatternSize()
                            + " pattern, the calibration of " + calibration.cameraId() + " a "
                            + calibration.patternSize() + "x" + calibration.patternSize() + " one");
            return;
        }
        // Sequence check before the expensive decode: a duplicate costs nothing more.
        Long last = lastSequence.get(camera);
        long seq = raw.getSequence();
        long now = System.currentTimeMillis();
        FrameOrder.Verdict order = FrameOrder.judge(last == null ? null : new FrameOrder.Last(
                        Objects.requireNonNullElse(bootIds.get(camera), 0L), last, lastOutMs.getOrDefault(camera, -1L)),
                raw.getBootId(), seq, now, options.restartGapMs());
        if (order == FrameOrder.Verdict.RESTART) {
            // The camera counts from the start again: forget its last run (order, pace, shed count).
            counters.cameraRestarts.incrementAndGet();
            LOG.info("{}: camera restarted (boot id {} -> {}, sequence {} -> {}); its frames are taken from here",
                    where, bootIds.get(camera), raw.getBootId(), last, seq);
            last = null;
            paces.remove(camera);
            shedSinceEmitted.remove(camera);
        }
        if (order == FrameOrder.Verdict.REPEAT) {
            counters.duplicates.incrementAndGet();
            String why = where + (seq == last ? ": duplicate of the last frame" : ": arrives after sequence " + last
                    + " (repeated or out of order)") + "; dropped";
            if (options.order().deadLetterDuplicates()) {
                reject(record, options.rawDeadLetterTopic(), "sequence", "duplicate", why);
            } else {
                LOG.debug(why);
            }
            return;
        }
        Rejection size = checkOutputSize(raw, where);
        if (size != null) {
            reject(record, options.rawDeadLetterTopic(), "validate", size.errorType(), size.reason());
            return;
        }
        // Behind real time: shed the frame before any sample is read (FramePace, the job's rule).
        FramePace pace = paces.computeIfAbsent(camera, c -> new FramePace());
        if (pace.admit(raw.getCaptureTimeMs().toEpochMilli(), now, options.pacing().maxDelayMs(),
                !options.pacing().latest()) == FramePace.Verdict.SKIP) {
            counters.shedFrames.incrementAndGet();
            shedSinceEmitted.merge(camera, 1L, Long::sum);
            return;
        }
        // The gap since the last frame out is frames shed here and frames that never came. The shed
        // count lives in memory: after a restart the first gap counts them as missed.
        long shed = shedSinceEmitted.getOrDefault(camera, 0L);
        long missed = last == null ? 0 : Math.max(0, seq - last - 1 - shed);

        HyperspectralFrame frame;
        try {
            CalibratedDemosaic fused = kernel(camera, calibration, raw.getPatternSize(), raw.getBitDepth());
            frame = fused != null ? fusedFrame(raw, fused, calibration, where) : generalFrame(record, raw, calibration, where);
            if (frame == null) return; // dead-lettered
            frame.setFramesMissedBefore(missed);
            frame.setFramesShedBefore(shed);
            frame.setBootId(raw.getBootId());
        } catch (SpectralDataException e) {
            // The header checks passed, so what is left is the data: samples above the bit depth.
            reject(record, options.rawDeadLetterTopic(), "decode-samples", "bit-depth", e.getMessage());
            return;
        } catch (RuntimeException e) {
            // Never stop on input: anything unforeseen is this record's problem, not the app's.
            LOG.warn("{}: unexpected failure, dead-lettered", where, e);
            reject(record, options.rawDeadLetterTopic(), "demosaic", "internal", where + ": " + e);
            return;
        }
        if (missed > 0) {
            counters.missedFrames.addAndGet(missed);
            LOG.info("{}: {} frame(s) missing before this one", where, missed);
        }
        lastSequence.put(camera, seq);
        if (raw.getBootId() != 0 || bootIds.get(camera) != null) bootIds.put(camera, raw.getBootId());
        lastOutMs.put(camera, now);
        shedSinceEmitted.remove(camera);
        counters.framesOut.incrementAndGet();
        context.forward(record.withKey(camera.getBytes(StandardCharsets.UTF_8)).withValue(Routed.of(frame)));
    }

    /** Demosaic, calibration and 16-bit packing in one pass ({@link CalibratedDemosaic}). */
    private HyperspectralFrame fusedFrame(RawMosaicFrame raw, CalibratedDemosaic fused, CameraCalibrations calibration,
                                          String where) {
        int p = raw.getPatternSize();
        byte[] words = fused.toUint16(FrameCubes.bytesOf(raw.getSamples()), raw.getWidth(), raw.getHeight(), where);
        var header = new FrameCubes.Header(raw.getCameraId(), raw.getSequence(), raw.getCaptureTimeMs().toEpochMilli(),
                p * p, raw.getHeight() / p, raw.getWidth() / p);
        return FrameCubes.toFrame(header, SampleType.UINT16, words,
                calibration == null ? List.of() : calibration.wavelengthsNm(),
                calibration != null && calibration.correctsRadiometry());
    }

    /**
     * Decode, demosaic, calibrate and pack step by step, for what the one-pass kernel does not
     * cover; null when the record was dead-lettered.
     */
    private HyperspectralFrame generalFrame(Record<byte[], byte[]> record, RawMosaicFrame raw, CameraCalibrations calibration,
                                            String where) {
        Mosaic mosaic = RawMosaics.toMosaic(raw);
        SpectralCube cube = X2Cube.toCube(mosaic, raw.getPatternSize());
        List<Float> wavelengths = List.of();
        boolean calibrated = false;
        if (calibration != null) {
            try {
                cube = calibration.apply(cube);
            } catch (SpectralDataException e) {
                reject(record, options.rawDeadLetterTopic(), "calibrate", "calibration-mismatch", where + ": " + e.getMessage());
                return null;
            }
            calibrated = calibration.correctsRadiometry();
            wavelengths = calibration.wavelengthsNm();
        }
        HyperspectralFrame frame = FrameCubes.toFrame(raw.getCameraId(), raw.getSequence(),
                raw.getCaptureTimeMs().toEpochMilli(), cube, wavelengths, calibrated);
        if (options.frameSampleType() == SampleType.UINT16) {
            // Half the bytes of FLOAT32; quantise() clips to [0, 1] (documented on IngestOptions).
            frame.setSampleType(SampleType.UINT16);
            frame.setSamples(ByteBuffer.wrap(SampleFormat.UINT16.encode(cube.data(), 16)));
        }
        return frame;
    }

    /**
     * Whether the frame this mosaic makes fits a record ({@link Topics#MAX_RECORD_BYTES}): the cube
     * is band-sequential at the output sample size, up to 2x the mosaic for FLOAT32 frames. Checked
     * before any work, because a frame the producer refuses would fail the app's transaction on
     * every retry and stop it.
     */
    private Rejection checkOutputSize(RawMosaicFrame raw, String where) {
        long samples = (long) raw.getWidth() * raw.getHeight();
        long bytes = samples * (options.frameSampleType() == SampleType.FLOAT32 ? 4 : 2) + FRAME_ENVELOPE_BYTES;
        if (bytes <= Topics.MAX_RECORD_BYTES) return null;
        return new Rejection("frame-too-large", where + ": a " + raw.getWidth() + "x" + raw.getHeight() + " mosaic makes a "
                + bytes + "-byte " + options.frameSampleType() + " frame, more than the " + Topics.MAX_RECORD_BYTES
                + " bytes a record may have" + (options.frameSampleType() == SampleType.FLOAT32 ? " (UINT16 frames are half the size)" : ""));
    }

    /** Header fields, wavelengths and Avro framing of a frame, generously. */
    private static final long FRAME_ENVELOPE_BYTES = 16 * 1024;

    /** Why a record is refused: the dead letter's error type and its reason in words. */
    private record Rejection(String errorType, String reason) {}

    /**
     * Header consistency, or null when it holds. Sizes are checked against the pattern and the
     * byte count against width x height x sample size before any sample is read.
     */
    private static Rejection checkHeader(RawMosaicFrame raw, String where) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        int p = raw.getPatternSize();
        if (p < X2Cube.MIN_PATTERN || p > X2Cube.MAX_PATTERN) {
            return new Rejection("size-not-divisible-by-pattern", where + ": pattern size " + p + " is outside "
                    + X2Cube.MIN_PATTERN + ".." + X2Cube.MAX_PATTERN);
        }
        if (w <= 0 || h <= 0 || w % p != 0 || h % p != 0) {
            return new Rejection("size-not-divisible-by-pattern", where + ": mosaic of " + w + "x" + h
                    + " is not a whole number of " + p + "x" + p + " tiles");
        }
        SampleFormat format = SampleFormat.valueOf(raw.getSampleType().name());
        int depth = raw.getBitDepth();
        boolean depthFits = switch (format) {
            case UINT8 -> depth >= 1 && depth <= 8;
            case UINT16 -> depth >= 9 && depth <= 16;
            case FLOAT32 -> depth == 32;
        };
        if (!depthFits) {
            return new Rejection("bit-depth", where + ": bit depth " + depth + " disagrees with " + format
                    + " samples (UINT8 carries 1-8 bits, UINT16 9-16, FLOAT32 32)");
        }
        long expected = (long) w * h * format.bytesPerSample();
        int actual = raw.getSamples().remaining();
        if (actual != expected) {
            return new Rejection("sample-count", where + ": " + w + "x" + h + " " + format + " needs " + expected
                    + " bytes of samples, the record carries " + actual);
        }
        return null;
    }

    private void reject(Record<byte[], byte[]> record, String topic, String step, String errorType, String reason) {
        DeadLetter letter = DeadLetters.of(context, record, STAGE + "/" + step, errorType, reason);
        counters.deadLetters.incrementAndGet();
        LOG.debug("dead letter to {}: {} ({})", topic, reason, errorType);
        context.forward(record.withValue(Routed.deadLetter(topic, letter)));
    }
}
