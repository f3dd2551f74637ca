package io.spectratrack.codec.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The few read-only git commands the schema history is taken from, run as a child process in one
 * working copy. No git library: the history must come from exactly the git the developer uses,
 * and the commands stay readable in a terminal.
 */
public final class GitRepository {
    private final Path root;

    private GitRepository(Path root) {
        this.root = root;
    }

    /** The working copy whose top level is {@code root}. */
    public static GitRepository at(Path root) {
        return new GitRepository(root.toAbsolutePath().normalize());
    }

    /** The working copy that contains {@code dir} (git's own answer: {@code rev-parse --show-toplevel}). */
    public static GitRepository containing(Path dir) {
        return at(Path.of(new GitRepository(dir.toAbsolutePath()).run("rev-parse", "--show-toplevel").strip()));
    }

    public Path root() { return root; }

    /** Whether this clone lacks part of its history ({@code git clone --depth}). */
    public boolean isShallow() {
        return run("rev-parse", "--is-shallow-repository").strip().equals("true");
    }

    /** Commits that touched {@code path}, oldest first. */
    public List<String> commitsTouching(String path) {
        return lines(run("log", "--format=%H", "--reverse", "--", path));
    }

    /** Files under {@code path} in commit {@code commit}. */
    public List<String> filesAt(String commit, String path) {
        return lines(run("ls-tree", "-r", "--name-only", commit, path));
    }

    /** A file's text as committed. */
    public String show(String commit, String path) {
        return run("show", commit + ":" + path);
    }

    /** Whether {@code path} exists in commit {@code commit}. */
    public boolean exists(String commit, String path) {
        return execute("cat-file", "-e", commit + ":" + path).exitCode == 0;
    }

    /** Stdout of {@code git args}; a failure says which command failed and what git printed. */
    String run(String... args) {
        Result r = execute(args);
        if (r.exitCode != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + root + " (exit "
                    + r.exitCode + "): " + r.stderr.strip());
        }
        return r.stdout;
    }

    private Result execute(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close(); // git never waits for input here
            // Read stderr on the side: a child that fills one pipe while we wait on the other never ends.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
            String out = text(p.getInputStream());
            return new Result(p.waitFor(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (is it installed and on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git " + String.join(" ", args), e);
        }
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
