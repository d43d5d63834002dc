package dev.eventlog.bench;

import java.util.Arrays;

/** Percentiles of a sample (nearest rank). */
final class Stats {

    private Stats() {
    }

    static double percentile(double[] sortedValues, double p) {
        if (sortedValues.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedValues.length);
        return sortedValues[Math.max(0, Math.min(sortedValues.length - 1, rank - 1))];
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
