package dev.eventlog.bench;

/**
 * One row of RESULTS.md. {@code baseline} is the same work done the plainest way on the same
 * machine in the same run (null where the scenario has none); {@code met} says whether the target
 * holds.
 */
record Result(String scenario, String workload, String ours, String baseline, String ratio, String target,
              boolean met, String note) {

    static String num(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}
