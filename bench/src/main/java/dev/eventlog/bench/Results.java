package dev.eventlog.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Writes RESULTS.md (one table, the machine and the date) and the latency chart (SVG). */
final class Results {

    private Results() {
    }

    static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format("%d cores, %d GiB, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                Math.round(memory / (1024.0 * 1024 * 1024)), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    static void write(Path markdown, Path svg, List<Result> results, String context, double[] latencies) throws IOException {
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        String machine = machine();
        StringBuilder md = new StringBuilder("# Benchmark results\n\n")
                .append("Written by `bench/run.sh` (see bench/README.md); every figure and its baseline come from the same run ")
                .append("on the same machine. ").append(context).append("\n\n")
                .append("| scenario | workload | ours | baseline (same run) | ours / baseline | target | met | machine | date |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append("| ").append(r.scenario()).append(" | ").append(r.workload()).append(" | ").append(r.ours())
                    .append(" | ").append(r.baseline()).append(" | ").append(r.ratio()).append(" | ").append(r.target())
                    .append(" | ").append(r.met() ? "yes" : "**no**").append(r.note().isEmpty() ? "" : " (" + r.note() + ")")
                    .append(" | ").append(machine).append(" | ").append(date).append(" |\n");
        }
        md.append("\nLatency distribution of P3: ").append(svg.getFileName())
                .append("; P3's latency against the offered rate (the knee): knee.svg\n");
        md.append("\nBefore and after of each improvement, with the profile that led to it: bench/README.md, "
                + "\"Profiles and improvements\" (this file is rewritten by every run).\n");
        Files.writeString(markdown, md.toString());
        Files.writeString(svg, latencyChart(latencies));
    }

    /** The share of events delivered within each latency: a CDF on a log scale, 1 ms to 100 s. */
    static String latencyChart(double[] sortedMillis) {
        int width = 640;
        int height = 360;
        int left = 60;
        int bottom = 40;
        int plotWidth = width - left - 20;
        int plotHeight = height - bottom - 20;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"14\">P3: share of webhooks received within a latency (emit → arrival)</text>%n",
                width, height, left));
        for (int decade = 0; decade <= 5; decade++) {
            double x = left + plotWidth * decade / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, x, height - bottom, x, height - bottom + 16, new String[] {"1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s"}[decade]));
        }
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = 20 + plotHeight * (1 - pct / 100.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d %%</text>%n", left, y, width - 20, y, left - 6, y + 4, pct));
        }
        if (sortedMillis.length > 0) {
            StringBuilder points = new StringBuilder();
            int steps = Math.min(sortedMillis.length, 400);
            for (int i = 0; i < steps; i++) {
                int index = (int) ((long) i * (sortedMillis.length - 1) / Math.max(1, steps - 1));
                double ms = Math.max(1, Math.min(100_000, sortedMillis[index]));
                double x = left + plotWidth * Math.log10(ms) / 5.0;
                double y = 20 + plotHeight * (1 - (index + 1.0) / sortedMillis.length);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
        }
        double x50 = left + plotWidth * Math.log10(Latency.TARGET_P99_MILLIS) / 5.0;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d1242f\" stroke-dasharray=\"4\"/>"
                + "<text x=\"%.1f\" y=\"32\" fill=\"#d1242f\">target p99 %d ms</text>%n", x50, x50, height - bottom, x50 + 4,
                Latency.TARGET_P99_MILLIS));
        return svg.append("</svg>\n").toString();
    }
}
