package dev.eventlog.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One process the failure tests kill: started by the shell script the setup wrote for it (so it is
 * started exactly as the script would start it), killed with {@code kill -9} by the pid it writes.
 * A script either runs the server in the foreground ({@code background = false}: started here in the
 * background) or starts it in the background itself and returns ({@code true}: waited for here).
 */
final class ServerProcess {

    private final String label;
    private final String start;
    private final boolean backgrounds;
    private final Path pidFile;
    private final File log;

    ServerProcess(String label, String start, boolean backgrounds, Path pidFile, File log) {
        this.label = label;
        this.start = start;
        this.backgrounds = backgrounds;
        this.pidFile = pidFile;
        this.log = log;
    }

    String label() {
        return label;
    }

    /** Starts it and waits for its pid file; readiness is the caller's to wait for. */
    void start() throws IOException, InterruptedException {
        if (!backgrounds) {
            // Such a server writes its pid file once it runs, so the dead one's goes first. A script
            // that backgrounds writes the file itself, and PostgreSQL's postmaster.pid is never
            // removed by hand: it guards the data directory against a second postmaster.
            Files.deleteIfExists(pidFile);
        }
        Process script = new ProcessBuilder("bash", "-c", start).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        if (backgrounds && script.waitFor() != 0) {
            throw new IllegalStateException("the start of the " + label + " failed (exit " + script.exitValue() + "); see " + log);
        }
        awaitPid(Duration.ofSeconds(60));
    }

    /** kill -9 of the process, then until it is gone; returns the pid. */
    long kill() throws IOException, InterruptedException {
        long pid = pid().orElseThrow(() -> new IllegalStateException("no pid for the " + label));
        int exit = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -9 " + pid + " failed (" + exit + ")");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pid " + pid + " still alive 30 s after kill -9");
            }
            pace(Duration.ofMillis(100));
        }
        return pid;
    }

    /** The running process's pid, from the first line of the file it wrote. */
    Optional<Long> pid() throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
    }

    /** Waits for the pid file to appear, i.e. for the process to have started. */
    void awaitPid(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (pid().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + label + " wrote no pid within " + within.toSeconds() + " s");
            }
            pace(Duration.ofMillis(200));
        }
    }

    /** The steps of a polling loop that has its own deadline. */
    static void pace(Duration step) throws InterruptedException {
        Thread.sleep(step.toMillis());
    }
}
