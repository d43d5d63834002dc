package dev.eventlog.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P4: Event Log API queries over a large stored log. Events are bulk-loaded in SQL into the past
 * days' partitions (BulkEvents) for four organizations; the largest one is queried with each single
 * filter, a few combinations and date ranges, on the first page and on a deep page reached by
 * following cursor_next. Each is timed through the API (p50/p99 of repeated calls) and its SQL,
 * the statement the service runs (EventLog.list through Hibernate), is run with EXPLAIN ANALYZE:
 * the plan's execution time is the baseline, and the plan must use indexes only.
 */
final class EventQueries {

    /** Organizations in turn: the first (queried) one has 55 % of the events. */
    private static final int[] ORG_WEIGHTS = {11, 5, 3, 1};
    private static final int RETENTION_DAYS = 30;
    private static final int PAGE = 50;
    /** The columns of the Event entity, in Hibernate's order. */
    private static final String SELECT = "select e1_0.id,e1_0.action,e1_0.api_key_id,e1_0.changed_fields,"
            + "e1_0.consolidating,e1_0.data,e1_0.date_created,e1_0.date_updated,e1_0.internal_metadata,e1_0.lead_id,"
            + "e1_0.merge_state,e1_0.meta,e1_0.object_id,e1_0.object_type,e1_0.organization_id,e1_0.previous_data,"
            + "e1_0.request_id,e1_0.user_id,e1_0.visible_in_log from event e1_0 where e1_0.organization_id=? "
            + "and e1_0.visible_in_log=true and e1_0.date_created>=?";
    private static final List<String> EQUAL_FILTERS = List.of("object_type", "object_id", "action", "lead_id", "user_id",
            "request_id");
    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: ([0-9]+)");
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\S+)(?:.*?actual time=\\S+ rows=([0-9]+))?");

    private record Timing(String label, double p50, double p99, double plan, String planNotes, boolean indexOnly) {
    }

    private final Api api;
    private final Scale scale;
    private final Db db;
    private final Path plansFile;
    private final StringBuilder plans = new StringBuilder();

    /** @param plansFile where every plan goes, to read what a flagged query does */
    EventQueries(Api api, Scale scale, Db db, Path plansFile) {
        this.api = api;
        this.scale = scale;
        this.db = db;
        this.plansFile = plansFile;
    }

    List<Result> run() throws Exception {
        List<String> slots = new ArrayList<>();
        String adminKey = null;
        String org = null;
        for (int i = 0; i < ORG_WEIGHTS.length; i++) {
            String[] tenant = api.newTenant("bench P4 " + (char) ('a' + i));
            if (i == 0) {
                org = tenant[0];
                adminKey = tenant[1];
            }
            slots.addAll(Collections.nCopies(ORG_WEIGHTS[i], tenant[0]));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<LocalDate> days = new ArrayList<>();
        for (int back = 1; back <= scale.queryDays(); back++) {
            LocalDate day = today.minusDays(back);
            // A day that already holds events (an earlier run that did not finish) is left alone.
            if (db.number("SELECT count(*) FROM pg_class WHERE relname = ?", BulkEvents.partition(day)) == 1
                    && db.number("SELECT count(*) FROM (SELECT 1 FROM " + BulkEvents.partition(day) + " LIMIT 1) one") == 0) {
                days.add(day);
            }
        }
        if (days.isEmpty()) {
            throw new IllegalStateException("no empty day partition to load P4's events into");
        }
        long perDay = scale.queryEvents() / days.size();
        long total = perDay * days.size();
        List<String> indexes = BulkEvents.indexDefinitions(db);
        long start = System.nanoTime();
        List<LocalDate> loaded = Collections.synchronizedList(new ArrayList<>());
        try {
            // Two at a time: one per core; the index builds of one day overlap the inserts of another.
            IngestThroughput.inParallel(days, 2, day -> {
                BulkEvents.loadDay(db, day, slots, perDay, total, indexes);
                loaded.add(day);
            });
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("P4: %,d events loaded in %.0f s%n", total, loadSeconds);
            List<Result> results = measure(org, adminKey, days, total, loadSeconds);
            Files.createDirectories(plansFile.getParent());
            Files.writeString(plansFile, plans);
            return results;
        } finally {
            try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
                for (LocalDate day : loaded) {
                    BulkEvents.replaceByEmpty(sql, day);
                }
            }
        }
    }

    private List<Result> measure(String org, String adminKey, List<LocalDate> days, long total, double loadSeconds)
            throws Exception {
        // Values that exist: one event of the queried organization from a middle day.
        LocalDate middle = days.get(days.size() / 2);
        List<String> sample = new ArrayList<>();
        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT object_type, object_id, lead_id, user_id, request_id FROM " + BulkEvents.partition(middle)
                        + " WHERE organization_id = ? AND lead_id IS NOT NULL AND user_id IS NOT NULL "
                        + "AND request_id IS NOT NULL AND visible_in_log LIMIT 1")) {
            query.setString(1, org);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                for (int i = 1; i <= 5; i++) {
                    sample.add(row.getString(i));
                }
            }
        }
        String from = days.get(Math.min(days.size() - 1, 2)).toString();
        String to = LocalDate.parse(from).plusDays(1).toString();
        List<Map<String, String>> queries = List.of(
                filters(),
                filters("object_type", "activity.note"),
                filters("object_type", "custom_object"),
                filters("action", "deleted"),
                filters("object_type", "lead", "action", "updated"),
                filters("object_id", sample.get(1)),
                filters("lead_id", sample.get(2)),
                filters("user_id", sample.get(3)),
                filters("request_id", sample.get(4)),
                filters("date_updated__gte", from, "date_updated__lt", to),
                filters("object_type", "opportunity", "date_updated__gte", from, "date_updated__lt", to),
                filters("user_id", sample.get(3), "object_type", "lead"),
                filters("lead_id", sample.get(2), "action", "updated"));
        List<Result> results = new ArrayList<>();
        boolean first = true;
        for (Map<String, String> query : queries) {
            Timing[] pages = measure(org, adminKey, query);
            String name = query.isEmpty() ? "no filter" : queryString(query);
            String workload = (first ? String.format("%,d events (%s) in %d daily partitions, 4 organizations, this one "
                    + "55 %%; loaded in SQL in %.0f s. ", total, BulkEvents.DATA_SIZE, days.size(), loadSeconds) : "")
                    + PAGE + " per page, " + scale.queryCalls() + " calls each";
            first = false;
            boolean fast = pages[0].p99() < 20 && pages[1].p99() < 20;
            boolean indexOnly = pages[0].indexOnly() && pages[1].indexOnly();
            String notes = String.join("; ", List.of(pages[0].planNotes(), pages[1].planNotes()).stream()
                    .filter(n -> !n.isEmpty()).distinct().toList());
            results.add(new Result("P4 " + name, workload,
                    String.format("first page %s / %s ms, %s %s / %s ms (p50 / p99)", Result.num(pages[0].p50()),
                            Result.num(pages[0].p99()), pages[1].label(), Result.num(pages[1].p50()), Result.num(pages[1].p99())),
                    String.format("plan %s ms, %s ms (EXPLAIN ANALYZE execution)", Result.num(pages[0].plan()),
                            Result.num(pages[1].plan())),
                    Result.num(pages[0].p50() / pages[0].plan()) + ", " + Result.num(pages[1].p50() / pages[1].plan()),
                    "p99 < 20 ms, index scans only", fast && indexOnly,
                    (indexOnly ? "" : "NOT index-only: ") + notes));
        }
        return results;
    }

    private static Map<String, String> filters(String... pairs) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            filters.put(pairs[i], pairs[i + 1]);
        }
        return filters;
    }

    private static String queryString(Map<String, String> filters) {
        List<String> pairs = new ArrayList<>();
        filters.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    /** The first page, and the deepest page within scale.queryDepth() that cursor_next leads to. */
    private Timing[] measure(String org, String adminKey, Map<String, String> filters) throws Exception {
        String firstPath = "/api/v1/event/?" + queryString(filters);
        String deepPath = firstPath;
        String cursor = null;
        int page = 1;
        JsonObject answer = api.send("GET", firstPath, adminKey, null).expect(200).json();
        while (page < scale.queryDepth() && answer.get("cursor_next").getValueType() != JsonValue.ValueType.NULL) {
            cursor = answer.getString("cursor_next");
            deepPath = firstPath + (filters.isEmpty() ? "" : "&") + "_cursor=" + cursor;
            answer = api.send("GET", deepPath, adminKey, null).expect(200).json();
            page++;
        }
        double[][] times = new double[2][scale.queryCalls()];
        for (int i = -3; i < scale.queryCalls(); i++) {
            double firstMs = timed(firstPath, adminKey);
            double deepMs = timed(deepPath, adminKey);
            if (i >= 0) {
                times[0][i] = firstMs;
                times[1][i] = deepMs;
            }
        }
        return new Timing[] {timing("first page", times[0], org, filters, null),
                timing("page " + page, times[1], org, filters, cursor)};
    }

    private double timed(String path, String adminKey) {
        long start = System.nanoTime();
        api.send("GET", path, adminKey, null).expect(200);
        return (System.nanoTime() - start) / 1e6;
    }

    private Timing timing(String label, double[] millis, String org, Map<String, String> filters, String cursor)
            throws Exception {
        double[] sorted = Stats.sorted(millis);
        List<Double> executions = new ArrayList<>();
        String plan = "";
        for (int i = 0; i < scale.queryExplains(); i++) {
            plan = explain(org, filters, cursor);
            Matcher execution = EXECUTION.matcher(plan);
            if (execution.find()) {
                executions.add(Double.parseDouble(execution.group(1)));
            }
        }
        Collections.sort(executions);
        long removed = 0;
        Matcher filtered = REMOVED.matcher(plan);
        while (filtered.find()) {
            removed += Long.parseLong(filtered.group(1));
        }
        List<String> notes = new ArrayList<>();
        List<String> scanned = seqScansWithRows(plan);
        if (!scanned.isEmpty()) {
            notes.add(label + ": Seq Scan on " + String.join(", ", scanned));
        }
        if (plan.contains("Sort Method")) {
            notes.add(label + ": sorts (" + sortInput(plan) + ")");
        }
        if (removed > 10L * PAGE) {
            notes.add(String.format("%s: %,d rows removed by filter", label, removed));
        }
        plans.append("== ").append(label).append(": ").append(queryString(filters)).append("\n").append(plan).append('\n');
        return new Timing(label, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
                executions.isEmpty() ? Double.NaN : executions.get(executions.size() / 2), String.join(", ", notes),
                scanned.isEmpty());
    }

    /**
     * The relations a Seq Scan node read rows from. The empty partitions (today's, the days ahead)
     * are scanned sequentially at no cost and are left out: a plan is index-only when no Seq Scan
     * saw a row.
     */
    static List<String> seqScansWithRows(String plan) {
        List<String> relations = new ArrayList<>();
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher scan = SEQ_SCAN.matcher(lines[i]);
            if (!scan.find()) {
                continue;
            }
            long rows = scan.group(2) == null ? 0 : Long.parseLong(scan.group(2));
            int indent = lines[i].indexOf("->");
            for (int j = i + 1; j < lines.length && !lines[j].contains("->") && lines[j].indexOf(lines[j].trim()) > indent; j++) {
                Matcher removed = REMOVED.matcher(lines[j]);
                if (removed.find()) {
                    rows += Long.parseLong(removed.group(1));
                }
            }
            if (rows > 0) {
                relations.add(scan.group(1));
            }
        }
        return relations;
    }

    private static String sortInput(String plan) {
        Matcher method = Pattern.compile("Sort Method: ([^\\n]+)").matcher(plan);
        return method.find() ? method.group(1).trim() : "?";
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the statement EventLog.list makes for these filters and cursor. */
    private String explain(String org, Map<String, String> filters, String cursor) throws Exception {
        StringBuilder sql = new StringBuilder("EXPLAIN (ANALYZE, BUFFERS) ").append(SELECT);
        List<Object> params = new ArrayList<>();
        params.add(org);
        params.add(Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).minusDays(RETENTION_DAYS)));
        for (String name : EQUAL_FILTERS) {
            if (filters.containsKey(name)) {
                sql.append(" and e1_0.").append(name).append("=?");
                params.add(filters.get(name));
            }
        }
        String[][] ranges = {{"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
        for (String[] range : ranges) {
            bound(sql, params, filters, "date_updated", range[0], range[1]);
        }
        // EventLog also bounds date_created by an upper bound on date_updated (partition pruning).
        bound(sql, params, filters, "date_created", "lt", "<");
        bound(sql, params, filters, "date_created", "lte", "<=");
        if (cursor != null) {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\|");
            Timestamp at = Timestamp.valueOf(LocalDateTime.parse(parts[1]));
            sql.append(" and e1_0.date_updated<=? and (e1_0.date_updated<? or e1_0.id<?)");
            params.add(at);
            params.add(at);
            params.add(parts[2]);
        }
        sql.append(" order by e1_0.date_updated desc,e1_0.id desc fetch first ? rows only");
        params.add(PAGE + 1);
        try (Connection connection = db.connect(); PreparedStatement explain = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                explain.setObject(i + 1, params.get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet lines = explain.executeQuery()) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static void bound(StringBuilder sql, List<Object> params, Map<String, String> filters, String column,
                              String suffix, String op) {
        String value = filters.get("date_updated__" + suffix);
        if (value != null) {
            sql.append(" and e1_0.").append(column).append(op).append('?');
            params.add(Timestamp.valueOf(LocalDate.parse(value).atStartOfDay()));
        }
    }
}
