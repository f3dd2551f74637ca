package io.spectratrack.streams.alerts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the alert router remembers about one target of one camera: the last evidence (frame, box,
 * score) and, per alert kind, whether an incident is open and how far a pending one has got.
 * Open incidents are what suppress repeats: an alert fires when one opens, never while it stays open.
 */
final class TargetAlertState {
    /** Per zone: the confirmed side of its edge, and how many frames the centre has been on the other. */
    static final class ZoneTrack {
        boolean inside;
        int pending;
    }

    long lastUpdateFrame = -1;
    long lastTelemetryFrame = -1;
    long lastSeenMs;
    long lastCaptureMs;
    boolean hasBox;
    double boxX, boxY, boxW, boxH;
    float lastScore;

    int lostStreak;
    boolean lostOpen;
    int trackingStreak;

    final Map<String, ZoneTrack> zones = new LinkedHashMap<>();

    long lowSinceMs = -1;
    boolean lowOpen;

    float[] profileMean;
    int profileCount;
    int shiftPending;
    boolean shiftOpen;

    /** Forgets every open or pending incident (rule disabled or removed), keeping the evidence. */
    void clearIncidents() {
        lostStreak = 0;
        lostOpen = false;
        trackingStreak = 0;
        zones.clear();
        lowSinceMs = -1;
        lowOpen = false;
        shiftPending = 0;
        shiftOpen = false;
    }

    // ---- serde: a versioned compact binary form for the state store and its changelog --------

    /** 2 added trackingStreak (written last; version 1 records read it as 0). */
    private static final byte VERSION = 2;

    static final Serde<TargetAlertState> SERDE = Serdes.serdeFrom(
            (topic, s) -> s == null ? null : s.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    byte[] toBytes() {
        try (ByteArrayOutputStream bos = new ByteArrayOutputStream(128); DataOutputStream out = new DataOutputStream(bos)) {
            out.writeByte(VERSION);
            out.writeLong(lastUpdateFrame);
            out.writeLong(lastTelemetryFrame);
            out.writeLong(lastSeenMs);
            out.writeLong(lastCaptureMs);
            out.writeBoolean(hasBox);
            out.writeDouble(boxX);
            out.writeDouble(boxY);
            out.writeDouble(boxW);
            out.writeDouble(boxH);
            out.writeFloat(lastScore);
            out.writeInt(lostStreak);
            out.writeBoolean(lostOpen);
            out.writeInt(zones.size());
            for (var z : zones.entrySet()) {
                out.writeUTF(z.getKey());
                out.writeBoolean(z.getValue().inside);
                out.writeInt(z.getValue().pending);
            }
            out.writeLong(lowSinceMs);
            out.writeBoolean(lowOpen);
            out.writeInt(profileMean == null ? -1 : profileMean.length);
            if (profileMean != null) for (float v : profileMean) out.writeFloat(v);
            out.writeInt(profileCount);
            out.writeInt(shiftPending);
            out.writeBoolean(shiftOpen);
            out.writeInt(trackingStreak);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TargetAlertState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < 1 || version > VERSION) throw new IllegalStateException("unknown alert state version " + version);
            TargetAlertState s = new TargetAlertState();
            s.lastUpdateFrame = in.readLong();
            s.lastTelemetryFrame = in.readLong();
            s.lastSeenMs = in.readLong();
            s.lastCaptureMs = in.readLong();
            s.hasBox = in.readBoolean();
            s.boxX = in.readDouble();
            s.boxY = in.readDouble();
            s.boxW = in.readDouble();
            s.boxH = in.readDouble();
            s.lastScore = in.readFloat();
            s.lostStreak = in.readInt();
            s.lostOpen = in.readBoolean();
            int zones = in.readInt();
            for (int i = 0; i < zones; i++) {
                ZoneTrack z = new ZoneTrack();
                String id = in.readUTF();
                z.inside = in.readBoolean();
                z.pending = in.readInt();
                s.zones.put(id, z);
            }
            s.lowSinceMs = in.readLong();
            s.lowOpen = in.readBoolean();
            int n = in.readInt();
            if (n >= 0) {
                s.profileMean = new float[n];
                for (int i = 0; i < n; i++) s.profileMean[i] = in.readFloat();
            }
            s.profileCount = in.readInt();
            s.shiftPending = in.readInt();
            s.shiftOpen = in.readBoolean();
            if (version >= 2) s.trackingStreak = in.readInt();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
