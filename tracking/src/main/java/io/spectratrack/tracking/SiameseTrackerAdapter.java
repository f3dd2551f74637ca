package io.spectratrack.tracking;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.eval.Tracker;
import io.spectratrack.geometry.Box;

import java.util.List;

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
}
