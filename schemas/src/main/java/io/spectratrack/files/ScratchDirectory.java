package io.spectratrack.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Temporary folders that go away with the JVM. {@code File.deleteOnExit} only removes empty
 * folders, so every extracted model, test export and benchmark state folder used to stay in the
 * temp directory after each run (hundreds after a day of demos and test runs).
 */
public final class ScratchDirectory {
    private static final List<Path> PENDING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(ScratchDirectory::deleteQuietly),
                "scratch-directory-cleanup"));
    }

    private ScratchDirectory() {}

    /** A new folder in the system temp directory, deleted with its contents when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            PENDING.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder " + prefix + "*", e);
        }
    }

    /** Deletes {@code root} and everything below it; a missing root is not an error. */
    public static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (var walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /** {@link #deleteTree} for clean-up paths, where a failure must not hide the real outcome. */
    public static boolean deleteQuietly(Path root) {
        try {
            deleteTree(root);
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
