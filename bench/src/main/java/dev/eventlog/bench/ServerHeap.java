package dev.eventlog.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of the WildFly that serves the base URL, read with the JDK's jstat and jcmd (same machine,
 * same user). "Used after GC" is the heap without eden: survivors and old generation change only at
 * a collection (and by humongous objects), so between collections this is what the last one left.
 */
final class ServerHeap {

    private static final Pattern PORT_OFFSET = Pattern.compile("-Djboss\\.socket\\.binding\\.port-offset=(\\d+)");
    private static final double MIB = 1024 * 1024;

    private final long pid;

    private ServerHeap(long pid) {
        this.pid = pid;
    }

    /**
     * The WildFly (jboss-modules) process whose port offset puts its HTTP port at the base URL's: other
     * WildFlys on the machine (the test suite's, a second instance) have other offsets.
     */
    static Optional<ServerHeap> of(String baseUrl) {
        int port = URI.create(baseUrl).getPort();
        int offset = (port < 0 ? 80 : port) - 8080;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")
                        && portOffset(c) == offset).orElse(false))
                .map(p -> new ServerHeap(p.pid()))
                .findFirst();
    }

    private static int portOffset(String commandLine) {
        Matcher offset = PORT_OFFSET.matcher(commandLine);
        return offset.find() ? Integer.parseInt(offset.group(1)) : 0;
    }

    long pid() {
        return pid;
    }

    /** MiB used after the last collection. */
    double usedAfterGc() throws IOException, InterruptedException {
        String[] lines = run("jstat", "-gc", Long.toString(pid)).trim().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        Map<String, Double> columns = new HashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            columns.put(names[i], values[i].equals("-") ? 0 : Double.parseDouble(values[i]));
        }
        return (columns.get("S0U") + columns.get("S1U") + columns.get("OU")) * 1024 / MIB;
    }

    /** MiB live: a full collection first, so what is left is what the server holds on to. */
    double liveAfterFullGc() throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        return usedAfterGc();
    }

    /** The maximum heap (-Xmx), in MiB. */
    double max() throws IOException, InterruptedException {
        Matcher max = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)")
                .matcher(run("jcmd", Long.toString(pid), "VM.flags", "-all"));
        return max.find() ? Long.parseLong(max.group(1)) / MIB : Double.NaN;
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", tool).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(tool + " " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
