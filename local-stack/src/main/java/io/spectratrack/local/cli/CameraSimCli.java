package io.spectratrack.local.cli;

import io.spectratrack.local.DemoSettings;
import io.spectratrack.local.camera.CameraFeed;
import io.spectratrack.local.camera.CameraFleet;
import io.spectratrack.local.camera.CameraSimulator;
import io.spectratrack.local.camera.GroundTruthLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Simulated hyperspectral cameras against a real Kafka cluster (the docker image's entry point):
 * each publishes its calibration and alert rule, raw mosaics at its frame rate, and a START
 * command for its target. Stands in for the camera adapters of a real site.
 */
@Command(name = "camera-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes simulated hyperspectral cameras (raw mosaics, calibration, START commands, alert rules) to Kafka.")
public final class CameraSimCli implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--cameras", paramLabel = "N", description = "Number of cameras (default: ${DEFAULT-VALUE}).")
    int cameras = 2;

    @Option(names = "--camera-prefix", paramLabel = "PREFIX", description = "Camera ids are PREFIX1, PREFIX2, ... (default: ${DEFAULT-VALUE}).")
    String prefix = "cam-";

    @Option(names = "--bands", paramLabel = "16|25", split = ",", defaultValue = "16",
            description = "Bands per camera (default: ${DEFAULT-VALUE}); a list (16,25) gives the cameras those band counts in turn.")
    List<Integer> bands;

    @Option(names = "--fps", paramLabel = "FPS", description = "Frame rate (default: camera.fps of the config, 25).")
    Double fps;

    @Option(names = "--frames", paramLabel = "N", description = "Stop each camera after N exposures (default: run until stopped).")
    long frames;

    @Option(names = "--data", paramLabel = "DIR", description = "Replay a HOT-format data set instead of synthetic scenes.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Demo configuration for the camera.* keys (default: the bundled config/demo.properties).")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CameraSimCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            CameraFleet.checkBands(bands, cameras);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        DemoSettings s = DemoSettings.load(config);
        double rate = fps != null ? fps : s.getDouble("camera.fps", 25);
        List<CameraFeed> feeds = data != null ? CameraFleet.replay(cameras, data)
                : CameraFleet.synthetic(cameras, bands, CameraFleet.Scenes.from(s));
        try (CameraFleet fleet = new CameraFleet(bootstrap, feeds, prefix, rate, frames, new GroundTruthLog())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> fleet.cameras().forEach(CameraSimulator::stop)));
            fleet.start();
            System.err.printf(Locale.ROOT, "camera-sim: %d camera(s), %s bands, %.1f fps -> %s%n", cameras,
                    CameraFleet.bandCounts(feeds), rate, bootstrap);
            Thread progress = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(Duration.ofSeconds(10).toMillis());
                        long n = fleet.cameras().stream().mapToLong(CameraSimulator::framesPublished).sum();
                        System.err.printf(Locale.ROOT, "camera-sim: %d frames published%n", n);
                    }
                } catch (InterruptedException e) {
                    // done
                }
            }, "camera-sim-progress");
            progress.setDaemon(true);
            progress.start();
            fleet.awaitEnd();
        }
        return 0;
    }
}
