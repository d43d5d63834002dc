package dev.eventlog.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The processes the crash tests kill: the WildFly JVM (which also holds the embedded Artemis
 * broker) and the PostgreSQL postmaster. Started by the shell commands crash.sh hands over (so the
 * harness starts them exactly as the script would), killed with {@code kill -9} by the pid each
 * writes (JBOSS_PIDFILE, PostgreSQL's postmaster.pid).
 */
final class CrashServers {

    enum Kind {
        WILDFLY("WildFly JVM (with the embedded broker)"), POSTGRES("PostgreSQL postmaster");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final String wildflyStart;
    private final Path wildflyPid;
    private final String postgresStart;
    private final Path postgresPid;
    private final File log;

    CrashServers(String wildflyStart, Path wildflyPid, String postgresStart, Path postgresPid, File log) {
        this.wildflyStart = wildflyStart;
        this.wildflyPid = wildflyPid;
        this.postgresStart = postgresStart;
        this.postgresPid = postgresPid;
        this.log = log;
    }

    /** Starts WildFly in the background; readiness is the caller's to wait for. */
    void startWildFly() throws IOException {
        Files.deleteIfExists(wildflyPid);
        new ProcessBuilder("bash", "-c", wildflyStart).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** Starts PostgreSQL on its data directory again (DevPostgres start) and returns once it takes connections. */
    void startPostgres() throws IOException, InterruptedException {
        // Right after a kill -9, the old backends may still hold the shared memory for a moment:
        // PostgreSQL then refuses to start, and a second try a few seconds later succeeds.
        for (int attempt = 1; ; attempt++) {
            int exit = new ProcessBuilder("bash", "-c", postgresStart).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start().waitFor();
            if (exit == 0) {
                return;
            }
            if (attempt == 5) {
                throw new IllegalStateException("PostgreSQL did not start again (exit " + exit + "); see " + log);
            }
            pace(Duration.ofSeconds(2));
        }
    }

    /** kill -9 of the process, then until it is gone; returns the pid. */
    long kill(Kind kind) throws IOException, InterruptedException {
        long pid = pid(kind).orElseThrow(() -> new IllegalStateException("no pid for the " + kind.label));
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

    /** The running process's pid, from the file it wrote (the first line of postmaster.pid is the postmaster's). */
    Optional<Long> pid(Kind kind) throws IOException {
        Path file = kind == Kind.WILDFLY ? wildflyPid : postgresPid;
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(file).stream().findFirst().orElse("").strip();
        return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
    }

    /** Waits for a pid file to appear, i.e. for the process to have started (WildFly's start returns at once). */
    void awaitPid(Kind kind, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (pid(kind).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + kind.label + " wrote no pid within " + within.toSeconds() + " s");
            }
            pace(Duration.ofMillis(200));
        }
    }

    /** The steps of a polling loop that has its own deadline. */
    static void pace(Duration step) throws InterruptedException {
        Thread.sleep(step.toMillis());
    }
}
