package dev.eventlog.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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

    private final ServerProcess wildfly;
    private final ServerProcess postgres;

    CrashServers(String wildflyStart, Path wildflyPid, String postgresStart, Path postgresPid, File log) {
        // WildFly's script runs it in the foreground; DevPostgres' start returns once it takes connections.
        this.wildfly = new ServerProcess(Kind.WILDFLY.label, wildflyStart, false, wildflyPid, log);
        this.postgres = new ServerProcess(Kind.POSTGRES.label, postgresStart, true, postgresPid, log);
    }

    /** Starts WildFly in the background, until it wrote its pid; readiness is the caller's to wait for. */
    void startWildFly() throws IOException, InterruptedException {
        wildfly.start();
    }

    /** Starts PostgreSQL on its data directory again and returns once it takes connections. */
    void startPostgres() throws IOException, InterruptedException {
        // Right after a kill -9, the old backends may still hold the shared memory for a moment:
        // PostgreSQL then refuses to start, and a second try a few seconds later succeeds.
        for (int attempt = 1; ; attempt++) {
            try {
                postgres.start();
                return;
            } catch (IllegalStateException refused) {
                if (attempt == 5) {
                    throw refused;
                }
                ServerProcess.pace(Duration.ofSeconds(2));
            }
        }
    }

    /** kill -9 of the process, then until it is gone; returns the pid. */
    long kill(Kind kind) throws IOException, InterruptedException {
        return (kind == Kind.WILDFLY ? wildfly : postgres).kill();
    }
}
