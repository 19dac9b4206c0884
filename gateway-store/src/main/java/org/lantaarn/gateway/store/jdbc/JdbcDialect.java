package org.lantaarn.gateway.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** What the two JDBC stores spell differently; the tables and the rest of the SQL are the same. */
public enum JdbcDialect {
    /** The embedded store. */
    SQLITE("MAX", "rowid", ""),
    /** The store replicas share. */
    POSTGRESQL("GREATEST", "id", " COLLATE \"C\"");

    private final String greatest;
    private final String insertionOrder;
    private final String bytewise;

    JdbcDialect(String greatest, String insertionOrder, String bytewise) {
        this.greatest = greatest;
        this.insertionOrder = insertionOrder;
        this.bytewise = bytewise;
    }

    /** The SQL function for the larger of two values. */
    public String greatest() {
        return greatest;
    }

    /** The column that orders a log table's rows as inserted ({@code health}, {@code config_acks}). */
    public String insertionOrder() {
        return insertionOrder;
    }

    /** Appended to {@code ORDER BY} a text column to order it byte by byte, as Java's {@code String} order of ids. */
    public String bytewise() {
        return bytewise;
    }

    /** Writes a flag column ({@code twin_published}): an integer 0/1 in SQLite, a boolean in PostgreSQL. */
    public void setFlag(PreparedStatement p, int index, boolean value) throws SQLException {
        if (this == SQLITE) {
            p.setInt(index, value ? 1 : 0);
        } else {
            p.setBoolean(index, value);
        }
    }
}
