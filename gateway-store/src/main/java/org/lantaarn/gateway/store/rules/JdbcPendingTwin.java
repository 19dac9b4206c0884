package org.lantaarn.gateway.store.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.jdbc.JdbcValues;

/**
 * The twin queue read round-robin over nodes, for both JDBC stores: at most {@code perNode} pending rows of each node
 * (its lowest seqs), nodes taken in order after a cursor node and then from the first node up to the cursor, so that
 * one round holds many nodes and no node waits behind another's backlog. Each store supplies one statement
 * ({@link Dialect#sql}) that reads the rows of the nodes after (or up to) a node, in (node, seq) order, through the
 * partial index on pending rows: per node it touches only the rows it returns, so the cost of a round does not grow
 * with the queue (26 million rows after a day's outage of a city).
 */
public final class JdbcPendingTwin {
    /** The columns every dialect selects, in this order, from {@code sequenced s} and {@code nodes n}. */
    public static final String COLUMNS = "s.node, s.seq, s.kind, s.stream, s.payload, n.site, n.loc_lat, n.loc_lon, "
            + "n.loc_height, n.loc_description, n.runtime_version, n.config_version, s.start_ms, s.end_ms";

    /** One store's statement. */
    public interface Dialect {
        /**
         * A statement selecting {@link #COLUMNS} of pending, released rows, at most {@code perNode} per node, of the
         * nodes after ({@code after == true}) or up to and including ({@code false}) a node, ordered by node then seq.
         * Its parameters are bound by {@link #bind}.
         */
        String sql(boolean after);

        /** Binds the cursor node, the per-node limit and the row limit to the statement of {@link #sql}. */
        void bind(PreparedStatement p, String cursor, int perNode, int limit) throws SQLException;
    }

    private JdbcPendingTwin() {}

    /**
     * Up to {@code limit} pending rows, at most {@code perNode} per node: first of the nodes after {@code cursor}, then
     * (wrapping around) of the nodes up to it; {@code cursor == null} starts at the first node.
     */
    public static List<PendingTwin> read(Connection c, Dialect dialect, String cursor, int perNode, int limit)
            throws SQLException {
        if (limit <= 0 || perNode <= 0) {
            return List.of();
        }
        List<PendingTwin> out = new ArrayList<>(Math.min(limit, 1024));
        String from = cursor == null ? "" : cursor;
        select(c, dialect, true, from, perNode, limit, out);
        if (out.size() < limit && !from.isEmpty()) {
            select(c, dialect, false, from, perNode, limit - out.size(), out);
        }
        return out;
    }

    private static void select(Connection c, Dialect dialect, boolean after, String cursor, int perNode, int limit,
                               List<PendingTwin> out) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(dialect.sql(after))) {
            dialect.bind(p, cursor, perNode, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
    }

    /** A row of {@link #COLUMNS}. */
    public static PendingTwin row(ResultSet rs) throws SQLException {
        return new PendingTwin(rs.getString(1), rs.getLong(2),
                "obs".equals(rs.getString(3)) ? SequencedEntry.Kind.OBSERVATION : SequencedEntry.Kind.GAP,
                rs.getString(4), Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
                rs.getString(5), rs.getString(6), JdbcValues.location(rs, 7), rs.getString(11), JdbcValues.nullableLong(rs, 12));
    }
}
