package dev.eventlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * P3 at a series of offered rates (issue 17): the knee is the highest rate at which the p99 from
 * emit to the webhook stays under {@link Latency#TARGET_P99_MILLIS}. The sweep stops past the first
 * rate whose p99 is over ten seconds: beyond it the pipeline only falls further behind, and each
 * point would cost minutes of draining.
 */
final class Knee {

    private static final double HOPELESS_MILLIS = 10_000;

    private final Latency latency;
    private final List<Integer> rates;
    private final int seconds;

    final List<Latency.Measured> points = new ArrayList<>();

    Knee(Latency latency, List<Integer> rates, int seconds) {
        this.latency = latency;
        this.rates = rates;
        this.seconds = seconds;
    }

    Result run() throws Exception {
        for (int rate : rates) {
            Latency.Measured measured = latency.measure(rate, seconds);
            points.add(measured);
            System.out.printf(Locale.ROOT, "P3 at %,d/s: p50 %.1f / p99 %.1f ms, %d missing%n", rate, measured.p(50),
                    measured.p(99), measured.missing());
            if (measured.p(99) > HOPELESS_MILLIS || measured.missing() > 0) {
                break;
            }
        }
        int knee = points.stream().filter(Knee::withinTarget).mapToInt(Latency.Measured::rate).max().orElse(0);
        String each = points.stream().map(m -> String.format(Locale.ROOT, "%,d/s: %s / %s ms", m.rate(),
                Result.num(m.p(50)), Result.num(m.p(99)))).collect(Collectors.joining("; "));
        return new Result("P3 knee: highest rate with p99 < " + Latency.TARGET_P99_MILLIS + " ms",
                String.format("P3 at each offered rate for %d s (p50 / p99): %s", seconds, each),
                knee == 0 ? "none of the rates" : String.format("%,d events/s", knee), "—", "—",
                "past 1,000 events/s", knee >= 1_000, "chart: knee.svg");
    }

    private static boolean withinTarget(Latency.Measured m) {
        return m.missing() == 0 && m.p(99) < Latency.TARGET_P99_MILLIS;
    }

    /** p50 and p99 against the offered rate, latency on a log scale from 1 ms to 100 s. */
    String chart() {
        int width = 640;
        int height = 360;
        int left = 60;
        int bottom = 40;
        int plotWidth = width - left - 30;
        int plotHeight = height - bottom - 30;
        int maxRate = Math.max(1_000, points.stream().mapToInt(Latency.Measured::rate).max().orElse(1_000));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"14\">P3: latency emit → webhook received against the offered rate (%d s each)</text>%n",
                width, height, left, seconds));
        for (int decade = 0; decade <= 5; decade++) {
            double y = 30 + plotHeight * (1 - decade / 5.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, y, width - 30, y, left - 6, y + 4,
                    new String[] {"1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s"}[decade]));
        }
        int step = maxRate > 2_000 ? 500 : 250;
        for (int rate = 0; rate <= maxRate; rate += step) {
            double x = left + (double) plotWidth * rate / maxRate;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d/s</text>%n", x, x, height - bottom, x, height - bottom + 16, rate));
        }
        double target = y(Latency.TARGET_P99_MILLIS, plotHeight);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d1242f\" stroke-dasharray=\"4\"/>"
                + "<text x=\"%d\" y=\"%.1f\" fill=\"#d1242f\">target p99 %d ms</text>%n", left, target, width - 30, target, left + 4,
                target - 4, Latency.TARGET_P99_MILLIS));
        line(svg, 50, "#1f6feb", "p50", left, plotWidth, plotHeight, maxRate, 0);
        line(svg, 99, "#bf8700", "p99", left, plotWidth, plotHeight, maxRate, 1);
        return svg.append("</svg>\n").toString();
    }

    private void line(StringBuilder svg, double percentile, String colour, String label, int left, int plotWidth,
                      int plotHeight, int maxRate, int legendRow) {
        StringBuilder polyline = new StringBuilder();
        for (Latency.Measured m : points) {
            double x = left + (double) plotWidth * m.rate() / maxRate;
            double y = y(m.p(percentile), plotHeight);
            polyline.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                .append(polyline).append("\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 10, 46 + 14 * legendRow,
                colour, label));
    }

    /** Milliseconds to the chart's y, log scale, clamped to 1 ms – 100 s. */
    private static double y(double millis, int plotHeight) {
        double clamped = Math.max(1, Math.min(100_000, millis));
        return 30 + plotHeight * (1 - Math.log10(clamped) / 5.0);
    }
}
