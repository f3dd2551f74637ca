package io.spectratrack.local.camera;

import io.spectratrack.cube.SpectralCube;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One lap of a camera's feed as the sensor delivers it: the raw mosaic words of every frame,
 * rendered once and kept in a file that is memory-mapped (the operating system's page cache holds
 * it, not the Java heap). Rendering a synthetic frame (scene, per-pixel noise, sensor readout)
 * costs a core 20-30 ms, so a camera that rendered live at 25 frames/s would take most of one of
 * the machine's two cores from the pipeline it feeds. The first demo with a scene renders its
 * laps on every core (1500 frames of a 16-band camera: 2.3 GB, about 25 s on 2 cores); later ones
 * map the files at once.
 *
 * <p>A file is named by everything that makes its frames: the scene, the camera's sensor and a
 * format version. It is written under a temporary name and renamed when complete, so a render
 * that was interrupted is never used; and on opening, frame 0 is rendered again and compared, so
 * that a change of the scene generator cannot serve stale frames.
 */
public final class RenderedLap {
    private static final int MAGIC = 0x5354_4c31; // "STL1"
    private static final int HEADER = 16;

    private final MappedByteBuffer[] chunks;
    private final int frameCount;
    private final int frameBytes;
    private final int framesPerChunk;
    private final int mosaicWidth;
    private final int mosaicHeight;

    private RenderedLap(MappedByteBuffer[] chunks, int frameCount, int frameBytes, int framesPerChunk, int mosaicWidth,
                        int mosaicHeight) {
        this.chunks = chunks;
        this.frameCount = frameCount;
        this.frameBytes = frameBytes;
        this.framesPerChunk = framesPerChunk;
        this.mosaicWidth = mosaicWidth;
        this.mosaicHeight = mosaicHeight;
    }

    public int frameCount() { return frameCount; }
    public int mosaicWidth() { return mosaicWidth; }
    public int mosaicHeight() { return mosaicHeight; }

    /** Frame {@code index}'s little-endian 16-bit words, a read-only view of the mapped file. */
    public ByteBuffer words(int index) {
        ByteBuffer chunk = chunks[index / framesPerChunk].duplicate();
        int at = (index % framesPerChunk) * frameBytes;
        return chunk.position(at).limit(at + frameBytes).slice().asReadOnlyBuffer();
    }

    /** What the lap of one camera is made of: the file's name is derived from it. */
    public record Recipe(String scene, String cameraId, CameraFeed feed, SensorModel sensor) {
        String fileName() {
            String key = scene + "|" + cameraId + "|" + feed.name() + "|" + feed.bands() + "|" + feed.frameCount() + "|v1";
            return "lap-" + Integer.toHexString(key.hashCode()) + "-" + Long.toHexString(Arrays.hashCode(key.getBytes())) + ".bin";
        }
    }

    /**
     * The laps of {@code recipes}, mapped from {@code dir} where present and rendered there (on
     * {@code threads} threads, {@code progress} receiving the frames done) where not.
     */
    public static List<RenderedLap> load(Path dir, List<Recipe> recipes, int threads, IntConsumer progress) throws Exception {
        Files.createDirectories(dir);
        List<Recipe> missing = new ArrayList<>();
        for (Recipe r : recipes) if (!usable(dir.resolve(r.fileName()), r)) missing.add(r);
        if (!missing.isEmpty()) render(dir, missing, threads, progress);
        List<RenderedLap> laps = new ArrayList<>();
        for (Recipe r : recipes) laps.add(map(dir.resolve(r.fileName())));
        return laps;
    }

    /** Heap-free bytes a lap of {@code feed} takes on disk and in the page cache. */
    public static long bytesFor(CameraFeed feed, SpectralCube firstFrame) {
        return (long) feed.frameCount() * firstFrame.bands() * firstFrame.height() * firstFrame.width() * 2;
    }

    private static boolean usable(Path file, Recipe r) {
        if (!Files.isRegularFile(file)) return false;
        try {
            RenderedLap lap = map(file);
            byte[] expected = r.sensor.readout(r.feed.frame(0));
            byte[] cached = new byte[expected.length];
            ByteBuffer w = lap.words(0);
            if (w.remaining() != expected.length || lap.frameCount != r.feed.frameCount()) return false;
            w.get(cached);
            return Arrays.equals(expected, cached);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void render(Path dir, List<Recipe> recipes, int threads, IntConsumer progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lap-renderer");
            t.setDaemon(true);
            return t;
        });
        List<FileChannel> channels = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<?>> work = new ArrayList<>();
            for (Recipe r : recipes) {
                SpectralCube first = r.feed.frame(0);
                int pattern = (int) Math.round(Math.sqrt(first.bands()));
                int frameBytes = first.bands() * first.height() * first.width() * 2;
                Path temp = Files.createTempFile(dir, "rendering-", ".part");
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                temps.add(temp);
                channels.add(ch);
                ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(MAGIC).putInt(r.feed.frameCount()).putInt(first.width() * pattern).putInt(first.height() * pattern).flip();
                ch.write(header, 0);
                for (int i = 0; i < r.feed.frameCount(); i++) {
                    int index = i;
                    work.add(pool.submit(() -> {
                        byte[] words = r.sensor.readout(r.feed.frame(index));
                        if (words.length != frameBytes) throw new IllegalStateException("frame " + index + " changed size");
                        ch.write(ByteBuffer.wrap(words), HEADER + (long) index * frameBytes);
                        progress.accept(done.incrementAndGet());
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) f.get();
            for (int i = 0; i < recipes.size(); i++) {
                channels.get(i).force(false);
                channels.get(i).close();
                Files.move(temps.get(i), dir.resolve(recipes.get(i).fileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            pool.shutdownNow();
            for (FileChannel ch : channels) if (ch.isOpen()) ch.close();
            for (Path t : temps) Files.deleteIfExists(t);
        }
    }

    private static RenderedLap map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            h.flip();
            if (h.remaining() < HEADER || h.getInt() != MAGIC) throw new IOException(file + " is not a rendered lap");
            int frames = h.getInt();
            int mw = h.getInt();
            int mh = h.getInt();
            int frameBytes = mw * mh * 2;
            if (frames <= 0 || ch.size() != HEADER + (long) frames * frameBytes) throw new IOException(file + " is truncated");
            // A mapping is at most 2 GB: map whole frames in chunks below that.
            int perChunk = Math.max(1, Integer.MAX_VALUE / 2 / frameBytes);
            int chunks = (frames + perChunk - 1) / perChunk;
            MappedByteBuffer[] maps = new MappedByteBuffer[chunks];
            for (int c = 0; c < chunks; c++) {
                int n = Math.min(perChunk, frames - c * perChunk);
                maps[c] = ch.map(FileChannel.MapMode.READ_ONLY, HEADER + (long) c * perChunk * frameBytes, (long) n * frameBytes);
            }
            return new RenderedLap(maps, frames, frameBytes, perChunk, mw, mh);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
