package io.spectratrack.streams.ingest;

import io.spectratrack.avro.CameraCalibration;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.RecordDecodeException;
import io.spectratrack.cube.SpectralDataException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code camera.calibration} into the gateway's global calibration table, accepting only
 * calibrations that {@link CameraCalibrations#prepare} validates. A rejected record leaves the
 * camera's previous calibration in force (it is still in the compacted topic for the operator to
 * replace) and is logged with its reason and offset. Kafka Streams also runs this processor when
 * it rebuilds the table on start-up, so the table never holds a record that failed validation.
 */
final class CalibrationLoader implements Processor<byte[], byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationLoader.class);
    private static final AvroCodec<CameraCalibration> CODEC = AvroCodec.of(CameraCalibration.class);

    private final IngestCounters counters;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, CameraCalibration> table;

    CalibrationLoader(IngestCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.table = context.getStateStore(IngestTopology.CALIBRATION_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            // Compaction tombstone: the camera no longer has a calibration.
            if (key != null) {
                table.delete(key);
                LOG.info("calibration of camera {} removed", key);
            }
            return;
        }
        try {
            CameraCalibration cal = CODEC.decode(record.value());
            if (key != null && !key.equals(cal.getCameraId())) {
                throw new SpectralDataException("record key '" + key + "' differs from cameraId '" + cal.getCameraId() + "'");
            }
            CameraCalibrations ready = CameraCalibrations.prepare(cal);
            table.put(cal.getCameraId(), cal);
            counters.calibrations.incrementAndGet();
            LOG.info("calibration of camera {} in force: pattern {}, {} wavelengths, dark {}, white {}",
                    cal.getCameraId(), ready.patternSize(), ready.wavelengthsNm().size(),
                    ready.dark() != null, ready.white() != null);
        } catch (RecordDecodeException | SpectralDataException e) {
            counters.calibrationsRejected.incrementAndGet();
            String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
            LOG.error("calibration record {} (key {}) rejected, the previous calibration stays in force: {}",
                    where, key, e.getMessage());
        }
    }
}
