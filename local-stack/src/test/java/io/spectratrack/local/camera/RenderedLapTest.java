package io.spectratrack.local.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.spectratrack.cube.Mosaic;
import io.spectratrack.cube.SampleFormat;
import io.spectratrack.cube.X2Cube;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticVideo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lap cache: the sensor's words, rendered once, mapped after; nothing stale or partial is served. */
class RenderedLapTest {
    private static final CameraFeed FEED = CameraFeed.of(SyntheticVideo.sequence(SceneSpec.of(16, 6).withSize(40, 32), 3, 0));
    private static final SensorModel SENSOR = SensorModel.forCamera("cam-1", 16);

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void aLapHoldsTheSensorsWordsAndIsRenderedOnlyOnce(@TempDir Path dir) throws Exception {
        var recipe = new RenderedLap.Recipe("scene-a", "cam-1", FEED, SENSOR);
        AtomicInteger rendered = new AtomicInteger();
        RenderedLap lap = RenderedLap.load(dir, List.of(recipe), 2, n -> rendered.incrementAndGet()).get(0);
        assertThat(rendered).hasValue(6);
        assertThat(lap.frameCount()).isEqualTo(6);
        assertThat(lap.mosaicWidth()).isEqualTo(160);
        assertThat(lap.mosaicHeight()).isEqualTo(128);
        // The one-pass readout equals expose -> mosaic -> 12-bit quantisation, step by step.
        for (int i = 0; i < 6; i++) {
            Mosaic m = X2Cube.toMosaic(SENSOR.expose(FEED.frame(i)));
            assertThat(bytes(lap.words(i))).as("frame %d", i).isEqualTo(SampleFormat.UINT16.encode(m.samples(), SensorModel.BIT_DEPTH));
        }

        rendered.set(0);
        RenderedLap again = RenderedLap.load(dir, List.of(recipe), 2, n -> rendered.incrementAndGet()).get(0);
        assertThat(rendered).as("mapped from the cache, not rendered").hasValue(0);
        assertThat(bytes(again.words(5))).isEqualTo(bytes(lap.words(5)));
    }

    @Test
    void aDamagedOrForeignCacheFileIsRenderedAgain(@TempDir Path dir) throws Exception {
        var recipe = new RenderedLap.Recipe("scene-b", "cam-1", FEED, SENSOR);
        RenderedLap.load(dir, List.of(recipe), 1, n -> { });
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(f -> f.getFileName().toString().startsWith("lap-")).findFirst().orElseThrow();
        }
        // Another sensor's words under this recipe's name (as after a change of the generator).
        byte[] content = Files.readAllBytes(file);
        content[16] ^= 0x7F;
        Files.write(file, content);
        AtomicInteger rendered = new AtomicInteger();
        RenderedLap lap = RenderedLap.load(dir, List.of(recipe), 1, n -> rendered.incrementAndGet()).get(0);
        assertThat(rendered).hasValue(6);
        assertThat(bytes(lap.words(0))).isEqualTo(SENSOR.readout(FEED.frame(0)));

        Files.write(file, new byte[] {1, 2, 3}); // truncated
        rendered.set(0);
        RenderedLap.load(dir, List.of(recipe), 1, n -> rendered.incrementAndGet());
        assertThat(rendered).hasValue(6);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".part"))).as("no partial file left").isEmpty();
        }
    }
}
