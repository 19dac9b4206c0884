package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The day partitions of {@code sequenced} (range partitioned by {@code received_ms}, one UTC day each, named
 * {@code sequenced_dYYYYMMDD}; migration V2): created {@link #AHEAD_DAYS} ahead and on demand before a row of a day
 * without one is inserted (there is no default partition, so no row lands anywhere but in its own day), and dropped
 * whole once the day is older than the retention and holds nothing the twin or the receipts still need. DDL runs on
 * its own pooled connection, never inside a sequencing transaction. Thread-safe.
 */
final class DayPartitions {
    private static final Logger LOG = LoggerFactory.getLogger(DayPartitions.class);
    static final long DAY_MS = 86_400_000L;
    /** Days after today whose partitions exist before their first row. */
    static final int AHEAD_DAYS = 2;
    /** How long dropping a partition waits for the table's lock before leaving it to the next round. */
    private static final long LOCK_TIMEOUT_MS = 2_000;
    private static final Pattern BOUNDS = Pattern.compile("FROM \\('?(-?\\d+)'?\\) TO \\('?(-?\\d+)'?\\)");

    /** One partition: its table and the received times {@code [fromMs, toMs)} it holds. */
    record Partition(String table, long fromMs, long toMs) {}

    private final DataSource pool;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    DayPartitions(DataSource pool) {
        this.pool = pool;
    }

    /** The UTC day (days since 1970-01-01) of an epoch millisecond. */
    static long dayOf(long epochMs) {
        return Math.floorDiv(epochMs, DAY_MS);
    }

    /** The table of {@code day}'s partition. */
    static String tableOf(long day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return String.format("sequenced_d%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    /** Makes sure the partitions of {@code days} exist (one statement per day this store has not seen yet). */
    void ensure(Collection<Long> days) {
        for (long day : days) {
            if (!known.contains(day)) {
                create(day);
                known.add(day);
            }
        }
    }

    /** Creates today's partition up to {@link #AHEAD_DAYS} ahead, so no insert at midnight waits for DDL. */
    void prepareAhead(Instant now) {
        long today = dayOf(now.toEpochMilli());
        List<Long> days = new ArrayList<>();
        for (long d = today; d <= today + AHEAD_DAYS; d++) {
            days.add(d);
        }
        ensure(days);
    }

    /** Forgets which partitions exist (another replica may have dropped one): the next {@link #ensure} asks again. */
    void forget() {
        known.clear();
    }

    private void create(long day) {
        String sql = "CREATE TABLE IF NOT EXISTS " + tableOf(day) + " PARTITION OF sequenced FOR VALUES FROM ("
                + day * DAY_MS + ") TO (" + (day + 1) * DAY_MS + ")";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            // Another replica created it at the same moment (the catalog's unique index, or the table by then), or a
            // partition someone made by hand covers the day already: either way the day has its partition.
            String state = e.getSQLState();
            if (!"42P07".equals(state) && !"23505".equals(state) && !"42P17".equals(state)) {
                throw new org.lantaarn.gateway.store.StoreException("cannot create the partition " + tableOf(day) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Every partition of {@code sequenced}, oldest first. */
    static List<Partition> list(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT k.relname, pg_get_expr(k.relpartbound, k.oid) FROM pg_inherits i "
                + "JOIN pg_class k ON k.oid = i.inhrelid WHERE i.inhparent = 'sequenced'::regclass");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Matcher m = BOUNDS.matcher(rs.getString(2));
                if (m.find()) {
                    out.add(new Partition(rs.getString(1), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                } else {
                    LOG.warn("partition {} of sequenced has bounds this store does not read: {}", rs.getString(1),
                            rs.getString(2));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Partition::fromMs));
        return out;
    }

    /**
     * Applies the retention to every partition wholly received before {@code before}: one that holds only rows the
     * twin has and that lie at or below their node's contiguous seq is dropped; from one that still holds other rows
     * (a window the twin has not confirmed, a seq above a hole) only the rows that may go are deleted, and the
     * partition stays until the rest may go too.
     *
     * @return how many rows were removed
     */
    long prune(Instant before) throws SQLException {
        long removed = 0;
        List<Partition> partitions;
        try (Connection c = pool.getConnection()) {
            partitions = list(c);
        }
        for (Partition p : partitions) {
            if (p.toMs() > before.toEpochMilli()) {
                break;
            }
            removed += pruneOne(p);
        }
        return removed;
    }

    private long pruneOne(Partition p) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (holdsNeededRows(c, p.table())) {
                long n = execute(c, "DELETE FROM " + p.table() + " s USING nodes n WHERE n.node = s.node "
                        + "AND s.twin_published AND s.seq <= n.contiguous_seq");
                if (n > 0) {
                    LOG.info("partition {} is older than the retention but still holds rows the twin or the receipts "
                            + "need; deleted the {} rows that may go, keeping the partition", p.table(), n);
                }
                return n;
            }
            long rows;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + p.table())) {
                rs.next();
                rows = rs.getLong(1); // before the lock: what is checked not to be needed does not change
            }
            c.setAutoCommit(false);
            try {
                // The parent first, as every query takes it: nothing reads, marks or inserts while the check is repeated
                // and the partition goes, and no lock order runs the other way. Writers queue behind a waiting lock,
                // so it is not waited for long: a busy table is tried again at the next round.
                execute(c, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'");
                try {
                    execute(c, "LOCK TABLE ONLY sequenced IN ACCESS EXCLUSIVE MODE");
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState())) {
                        throw e;
                    }
                    LOG.info("partition {} is due to be dropped but sequenced stayed busy for {} ms; trying again at the next "
                            + "round", p.table(), LOCK_TIMEOUT_MS);
                    c.rollback();
                    return 0;
                }
                boolean stillThere = list(c).stream().anyMatch(q -> q.table().equals(p.table()));
                if (!stillThere || holdsNeededRows(c, p.table())) {
                    c.rollback();
                    return 0;
                }
                execute(c, "DROP TABLE " + p.table());
                c.commit();
                known.remove(dayOf(p.fromMs()));
                LOG.info("dropped partition {} ({} observations and gaps, all older than the retention)", p.table(), rows);
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Whether {@code table} holds a row the twin has not confirmed or one above its node's contiguous seq. */
    private static boolean holdsNeededRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM " + table + " WHERE NOT twin_published) "
                        + "OR EXISTS (SELECT 1 FROM nodes n WHERE EXISTS (SELECT 1 FROM " + table + " s WHERE s.node = n.node "
                        + "AND (n.contiguous_seq IS NULL OR s.seq > n.contiguous_seq)))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
