package io.spectratrack.flink.source;

import io.spectratrack.avro.HyperspectralFrame;
import io.spectratrack.codec.AvroCodec;
import io.spectratrack.codec.FrameCubes;
import io.spectratrack.codec.RecordDecodeException;
import io.spectratrack.flink.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw {@code frames} records into validated cubes. Anything the tracker could not use (not
 * Avro, truncated, NaN samples, header/payload mismatch, a band count the model was not built for,
 * a record key that disagrees with the camera) goes to the dead-letter output with the reason and
 * the original bytes; the stream goes on.
 */
public class FrameDecoder extends ProcessFunction<KafkaInput, FrameEvent> {
    private static final long serialVersionUID = 1L;

    private final int[] expectedBands;
    private transient Counter deadLetters;

    /** @param expectedBands band counts the job has a model for; none accepts any band count */
    public FrameDecoder(Collection<Integer> expectedBands) {
        this.expectedBands = expectedBands.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    @Override
    public void open(OpenContext ctx) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(KafkaInput in, Context ctx, Collector<FrameEvent> out) {
        HyperspectralFrame frame;
        try {
            frame = AvroCodec.of(HyperspectralFrame.class).decode(in.value);
        } catch (RecordDecodeException e) {
            reject(in, "decode", e.getMessage(), ctx);
            return;
        }
        String where = "camera " + frame.getCameraId() + " frame " + frame.getFrameIndex();
        if (frame.getCameraId() == null || frame.getCameraId().isBlank()) {
            reject(in, "validation", "frame " + frame.getFrameIndex() + " has an empty cameraId", ctx);
            return;
        }
        if (in.key != null && !frame.getCameraId().equals(new String(in.key, StandardCharsets.UTF_8))) {
            reject(in, "validation", where + ": record key '" + new String(in.key, StandardCharsets.UTF_8)
                    + "' is not the frame's camera (frames must be keyed by cameraId to stay in order)", ctx);
            return;
        }
        if (expectedBands.length > 0 && Arrays.binarySearch(expectedBands, frame.getBands()) < 0) {
            reject(in, "wrong-band-count", where + ": " + frame.getBands() + " bands but the job tracks "
                    + Arrays.stream(expectedBands).mapToObj(Integer::toString).collect(Collectors.joining("- or ")) + "-band cubes", ctx);
            return;
        }
        long capture = frame.getCaptureTimeMs().toEpochMilli();
        FrameEvent event;
        try {
            // Validated in the wire packing and passed on as is: no cube is built here.
            FrameCubes.Samples samples = FrameCubes.validatedSamples(frame);
            event = new FrameEvent(frame.getCameraId(), frame.getFrameIndex(), capture, frame.getBands(), frame.getHeight(),
                    frame.getWidth(), samples.format(), samples.bytes()).readFrom(in);
            event.bootId = frame.getBootId();
        } catch (IllegalArgumentException e) { // SpectralDataException and bad sample types
            reject(in, "validation", e.getMessage(), ctx);
            return;
        }
        out.collect(event);
    }

    private void reject(KafkaInput in, String type, String reason, Context ctx) {
        deadLetters.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(in, type, "frame-decoder", reason));
    }
}
