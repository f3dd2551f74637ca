package io.spectratrack.flink.tracking;

import io.spectratrack.avro.BandTelemetry;
import io.spectratrack.avro.TargetState;
import io.spectratrack.avro.TrackUpdate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Avro type information of the job's records (Flink's Avro serializer, so state can evolve). */
public final class OutputTags {
    public static final TypeInformation<TrackUpdate> UPDATE_TYPE = new AvroTypeInfo<>(TrackUpdate.class);
    public static final TypeInformation<BandTelemetry> TELEMETRY_TYPE = new AvroTypeInfo<>(BandTelemetry.class);
    public static final TypeInformation<TargetState> STATE_TYPE = new AvroTypeInfo<>(TargetState.class);
    public static final OutputTag<BandTelemetry> TELEMETRY = new OutputTag<>("band-telemetry", TELEMETRY_TYPE);

    private OutputTags() {}
}
