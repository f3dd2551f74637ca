package io.spectratrack.local.camera;

import io.spectratrack.cube.SpectralCube;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One lap of a camera's feed as the sensor delivers it: the raw mosaic words of every frame,
 * rendered before the camera starts. Rendering a synthetic frame (scene, per-pixel noise, sensor
 * readout) costs a core about 20-30 ms, so a camera that rendered live at 25 frames/s would take
 * most of one of the machine's two cores from the pipeline it is meant to feed. A lap costs
 * {@link #bytes()} of heap: 1.5 MB a frame for a 16-band 256x192 camera.
 */
public final class RenderedLap {
    private final byte[][] frames;
    private final int mosaicWidth;
    private final int mosaicHeight;

    private RenderedLap(byte[][] frames, int mosaicWidth, int mosaicHeight) {
        this.frames = frames;
        this.mosaicWidth = mosaicWidth;
        this.mosaicHeight = mosaicHeight;
    }

    public int frameCount() { return frames.length; }
    public byte[] words(int index) { return frames[index]; }
    public int mosaicWidth() { return mosaicWidth; }
    public int mosaicHeight() { return mosaicHeight; }

    public long bytes() {
        return (long) frames.length * frames[0].length;
    }

    /** Heap a lap of {@code feed} takes, from its first frame's size. */
    public static long bytesFor(CameraFeed feed, SpectralCube firstFrame) {
        return (long) feed.frameCount() * firstFrame.bands() * firstFrame.height() * firstFrame.width() * 2;
    }

    /**
     * Renders the laps of {@code feeds} (camera i exposed by {@code sensors[i]}) on {@code threads}
     * threads, calling {@code progress} with the number of frames done so far.
     */
    public static List<RenderedLap> render(List<CameraFeed> feeds, List<SensorModel> sensors, int threads, IntConsumer progress)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lap-renderer");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            byte[][][] all = new byte[feeds.size()][][];
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int c = 0; c < feeds.size(); c++) {
                CameraFeed feed = feeds.get(c);
                SensorModel sensor = sensors.get(c);
                all[c] = new byte[feed.frameCount()][];
                byte[][] into = all[c];
                for (int i = 0; i < feed.frameCount(); i++) {
                    int index = i;
                    work.add(pool.submit(() -> {
                        into[index] = sensor.readout(feed.frame(index));
                        progress.accept(done.incrementAndGet());
                    }));
                }
            }
            for (Future<?> f : work) f.get();
            List<RenderedLap> laps = new java.util.ArrayList<>();
            for (int c = 0; c < feeds.size(); c++) {
                SpectralCube first = feeds.get(c).frame(0);
                int pattern = (int) Math.round(Math.sqrt(first.bands()));
                laps.add(new RenderedLap(all[c], first.width() * pattern, first.height() * pattern));
            }
            return laps;
        } finally {
            pool.shutdownNow();
        }
    }
}
