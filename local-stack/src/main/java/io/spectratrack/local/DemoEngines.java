package io.spectratrack.local;

import io.spectratrack.avro.TargetState;
import io.spectratrack.cube.SpectralCube;
import io.spectratrack.flink.config.JobConfig;
import io.spectratrack.flink.model.ModelFiles;
import io.spectratrack.flink.tracking.BandRoutedEngine;
import io.spectratrack.flink.tracking.ModelTrackingEngine;
import io.spectratrack.flink.tracking.TargetSeed;
import io.spectratrack.flink.tracking.TargetTracking;
import io.spectratrack.flink.tracking.TrackingEngine;
import io.spectratrack.geometry.Box;
import io.spectratrack.local.camera.CameraFeed;
import io.spectratrack.model.serving.ModelMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Picks the model the embedded job tracks with: the SavedModel given with {@code --model}, else
 * the lite model model-runtime ships for the cameras' band count, else an untrained lite model
 * exported on the spot (random weights from a fixed seed, kept under {@code .spectratrack/models/}).
 * An untrained model (its metadata says so) runs the whole pipeline; the tracker then ignores its
 * maps and places boxes from each target's spectral signature alone; the demo warns.
 */
final class DemoEngines {
    private DemoEngines() {}

    /** The job configuration pointing at the chosen model, what it is, and a warning or null. */
    record Choice(JobConfig job, int bands, String description, String warning) {
        ModelTrackingEngine engine() {
            return ModelTrackingEngine.fromConfig(job);
        }
    }

    /**
     * The models for cameras of every band count in {@code bandCounts}, one per band count (one job
     * tracks them all, each camera with its model): the job configuration (of the first), the
     * engine, the band counts, a description and the warnings.
     */
    record Choices(List<Choice> each) {
        JobConfig job() {
            return each.get(0).job();
        }

        TrackingEngine engine() {
            if (each.size() == 1) return each.get(0).engine();
            Map<Integer, TrackingEngine> engines = new TreeMap<>();
            for (Choice c : each) engines.put(c.bands(), c.engine());
            return new BandRoutedEngine(engines);
        }

        List<Integer> bands() {
            return each.stream().map(Choice::bands).toList();
        }

        String description() {
            if (each.size() == 1) return each.get(0).description();
            return each.stream().map(c -> c.bands() + " bands: " + c.description()).collect(Collectors.joining(", "));
        }

        List<String> warnings() {
            return each.stream().map(Choice::warning).filter(w -> w != null).toList();
        }
    }

    static Choices choose(JobConfig job, Path modelDir, Collection<Integer> bandCounts) {
        List<Choice> out = new ArrayList<>();
        for (int b : new TreeSet<>(bandCounts)) out.add(choose(job, modelDir, b));
        return new Choices(out);
    }

    static Choice choose(JobConfig job, Path modelDir, int bands) {
        if (modelDir != null) {
            Path dir = ModelFiles.resolve(modelDir.toString());
            return checked(job, dir, bands, dir.getFileName().toString());
        }
        return checked(job, ModelFiles.shippedOrUntrained(bands, ModelFiles.UNTRAINED_CACHE), bands, "lite-" + bands);
    }

    private static Choice checked(JobConfig job, Path dir, int bands, String name) {
        int modelBands = ModelFiles.bands(dir);
        if (modelBands != 0 && modelBands != bands) {
            throw new IllegalArgumentException("the model " + dir + " tracks " + modelBands + " bands but the cameras have "
                    + bands + "; pass --bands " + modelBands + " or a " + bands + "-band model with --model");
        }
        String id = metadata(dir, "modelId", name);
        boolean untrained = id.contains("untrained") || !ModelMetadata.trainedWeights(metadata(dir, "weights", ""));
        String warning = !untrained ? null
                : "the model " + id + " is UNTRAINED (random weights; no trained " + bands + "-band model is shipped yet"
                        + " and --model was not given): the pipeline runs, the tracker ignores the network and places"
                        + " boxes from each target's spectral signature alone, and the band-importance telemetry is noise";
        return new Choice(job.with("model.dir", dir.toString()).with("model.device", "cpu"), bands,
                untrained ? "UNTRAINED " + id : id, warning);
    }

    /**
     * Opens {@code engine} (which loads its models into the JVM's shared model hosts) and runs one
     * START and one step per band count on a blank frame of the cameras' size, so that TensorFlow's
     * one-time set-up is done before frames arrive. Closing the result releases the models.
     */
    static AutoCloseable warmUp(TrackingEngine engine, List<CameraFeed> feeds) {
        TargetTracking tracking = engine.open();
        try {
            Map<Integer, SpectralCube> byBands = new TreeMap<>();
            for (CameraFeed f : feeds) {
                SpectralCube first = f.frame(0);
                byBands.putIfAbsent(f.bands(), SpectralCube.zeros(first.bands(), first.height(), first.width()));
            }
            for (SpectralCube blank : byBands.values()) {
                Box box = new Box(blank.width() / 2.0 - 16, blank.height() / 2.0 - 16, 32, 32);
                List<TargetState> started = tracking.start(blank, 0, List.of(new TargetSeed("warm-up", box)));
                tracking.step(blank, 1, started);
            }
            return tracking::close;
        } catch (RuntimeException e) {
            tracking.close();
            throw e;
        }
    }

    private static String metadata(Path dir, String field, String dflt) {
        String v = ModelFiles.metadata(dir, field).asText("");
        return v.isEmpty() ? dflt : v;
    }
}
