package io.spectratrack.codec.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./spectratrack schemas history}: writes the schema history from git. Every commit that
 * changed {@code schemas/src/main/avro} is read back with git, then the working tree, and every
 * distinct version of every top-level record goes to {@code schemas/src/main/resources/}
 * {@value SchemaHistory#RESOURCE_DIR}, where the codecs find it at run time. Taken from the
 * repository rather than typed in, so the history is exactly what was released.
 */
public final class SchemaHistoryExport {
    static final String USAGE = """
            usage: ./spectratrack schemas history [--repo DIR] [--out DIR]
              Writes every version every record schema has had (from git's history of
              schemas/src/main/avro, then the working tree) as self-contained <Record>.v<N>.avsc
              files plus an index. Run it after changing an .avsc and commit its output with the change.
              --repo DIR  the git working copy (default: the one containing the current directory)
              --out DIR   where to write (default: <repo>/schemas/src/main/resources/%s)
            """.formatted(SchemaHistory.RESOURCE_DIR);

    private SchemaHistoryExport() {}

    public static void main(String[] args) {
        Path repo = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                case "--repo" -> repo = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> fail("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        try {
            GitRepository git = repo != null ? GitRepository.at(repo) : GitRepository.containing(Path.of(""));
            if (git.isShallow()) {
                fail("this clone is shallow: its git history lacks the oldest schema versions (git fetch --unshallow)");
            }
            if (out == null) out = git.root().resolve("schemas/src/main/resources").resolve(SchemaHistory.RESOURCE_DIR);
            SchemaHistory history = SchemaHistory.of(RepositorySnapshots.of(git));
            write(history.files(), out);
            report(history, git.root().relativize(out.toAbsolutePath().normalize()));
        } catch (IllegalStateException | IllegalArgumentException | IOException | UncheckedIOException e) {
            fail(e.getMessage());
        }
    }

    /** Replaces the folder's history files by {@code files}: a version no longer produced must not linger. */
    static void write(Map<String, String> files, Path out) throws IOException {
        Files.createDirectories(out);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(out, p -> isHistoryFile(p.getFileName().toString()))) {
            for (Path p : old) {
                if (!files.containsKey(p.getFileName().toString())) Files.delete(p);
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(out.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static boolean isHistoryFile(String name) {
        return name.equals(SchemaHistory.INDEX) || name.endsWith(".avsc");
    }

    private static void report(SchemaHistory history, Path out) {
        List<SchemaVersion> all = history.versions();
        all.stream().map(SchemaVersion::record).distinct().forEach(record -> {
            List<SchemaVersion> versions = history.versionsOf(record);
            SchemaVersion last = versions.get(versions.size() - 1);
            System.out.printf("%-40s %2d version%s (newest v%d, %s)%n", record, versions.size(),
                    versions.size() == 1 ? "" : "s", last.version(), last.shortCommit());
        });
        System.out.println("wrote " + all.size() + " schema versions and the index to " + out);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) fail(args[i - 1] + " needs a value\n" + USAGE);
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("schemas history: " + message);
        System.exit(2);
    }
}
