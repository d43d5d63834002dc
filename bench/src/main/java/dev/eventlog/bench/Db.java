package dev.eventlog.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Eventlog's own PostgreSQL, for the scenarios that load or measure data below the API. */
record Db(String url, String user, String password) {

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Statements in one autocommit session each; returns the seconds they took. */
    double execute(String... sql) throws SQLException {
        long start = System.nanoTime();
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The first column of every row, as text. */
    List<String> column(String sql, Object... params) throws SQLException {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    long number(String sql, Object... params) throws SQLException {
        return Long.parseLong(column(sql, params).get(0));
    }

    /**
     * How the database commits, for the results' header: figures measured with fsync off are not
     * those of a durable setup (the JDBC baseline shares the database, so its ratios stay fair).
     */
    String commitSettings() throws SQLException {
        return "Database: " + column("SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit='"
                + " || current_setting('synchronous_commit') || ', full_page_writes=' || current_setting('full_page_writes')")
                .get(0) + ".";
    }

    static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
