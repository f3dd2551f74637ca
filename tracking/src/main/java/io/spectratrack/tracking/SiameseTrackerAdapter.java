package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.eval.Tracker;
import io.spectratrack.geometry.Box;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One target through the evaluation harness's {@link Tracker} API. */
public final class SiameseTrackerAdapter implements Tracker {
    private final SiameseTracker tracker;
    private TargetTrack state;
    private TrackStep last;

    public SiameseTrackerAdapter(SiameseTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void init(SpectralCube frame, Box box) {
        state = tracker.start(frame, List.of(box)).get(0);
        last = null;
    }

    @Override
    public Box track(SpectralCube frame) {
        last = tracker.step(frame, List.of(state)).get(0);
        state = last.next();
        return last.box();
    }

    @Override
    public double lastScore() {
        return last == null ? Double.NaN : last.score();
    }

    public TrackStep lastStep() {
        return last;
    }

    /** The per-frame log's columns: status, which window, the evidence behind the score, the target's reference. */
    @Override
    public Map<String, String> lastDetails() {
        if (last == null) return Map.of();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("status", last.status().name());
        d.put("found_by", last.foundBy().name());
        d.put("network_score", String.format(Locale.ROOT, "%.4f", last.networkScore()));
        d.put("signature_score", String.format(Locale.ROOT, "%.4f", last.signatureScore())); // NaN when not used
        d.put("reference_score", String.format(Locale.ROOT, "%.4f", last.next().sighting().referenceScore()));
        d.put("doubtful_frames", Integer.toString(last.next().sighting().doubtfulFrames()));
        return d;
    }

    /**
     * A tracker that follows each sequence with the tracker for its band count (a data set of VIS
     * and NIR sequences, each with its own model), chosen on the first frame.
     */
    public static Tracker byBands(Map<Integer, SiameseTracker> trackers) {
        return new Tracker() {
            private SiameseTrackerAdapter current;

            @Override
            public void init(SpectralCube frame, Box box) {
                SiameseTracker t = trackers.get(frame.bands());
                if (t == null) throw new IllegalArgumentException(frame.bands() + "-band frames, but the models take " + trackers.keySet() + " bands");
                current = new SiameseTrackerAdapter(t);
                current.init(frame, box);
            }

            @Override
            public Box track(SpectralCube frame) {
                return current.track(frame);
            }

            @Override
            public double lastScore() {
                return current == null ? Double.NaN : current.lastScore();
            }

            @Override
            public Map<String, String> lastDetails() {
                return current == null ? Map.of() : current.lastDetails();
            }
        };
    }
}
