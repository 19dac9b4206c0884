package org.lantaarn.gateway.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.lantaarn.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQLite store's schema, its version and the migrations from earlier versions; opening connections. */
final class SqliteSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    private SqliteSchema() {}

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS nodes (
          node TEXT PRIMARY KEY,
          state TEXT NOT NULL DEFAULT 'unknown',
          last_seen INTEGER,
          site TEXT,
          loc_lat REAL, loc_lon REAL, loc_height REAL, loc_description TEXT,
          runtime_version TEXT,
          config_version INTEGER,
          config_hash TEXT,
          birth_json TEXT,
          last_health_json TEXT,
          first_seq INTEGER,
          contiguous_seq INTEGER,
          last_seq INTEGER,
          observations INTEGER NOT NULL DEFAULT 0,
          gaps INTEGER NOT NULL DEFAULT 0,
          duplicates INTEGER NOT NULL DEFAULT 0)""",
        """
        CREATE TABLE IF NOT EXISTS sequenced (
          node TEXT NOT NULL,
          seq INTEGER NOT NULL,
          kind TEXT NOT NULL,
          stream TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          end_ms INTEGER NOT NULL,
          payload TEXT NOT NULL,
          received_ms INTEGER NOT NULL,
          twin_published INTEGER NOT NULL DEFAULT 0,
          twin_marked_ms INTEGER,
          PRIMARY KEY (node, seq)) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS sequenced_by_stream ON sequenced (node, stream, kind, start_ms)",
        "CREATE INDEX IF NOT EXISTS sequenced_pending_twin ON sequenced (node, seq) WHERE twin_published = 0",
        """
        CREATE TABLE IF NOT EXISTS health (
          node TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          received_ms INTEGER NOT NULL,
          payload TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS health_by_node ON health (node, at_ms)",
        """
        CREATE TABLE IF NOT EXISTS config_acks (
          node TEXT NOT NULL,
          version INTEGER NOT NULL,
          sha256 TEXT,
          result TEXT NOT NULL,
          reason TEXT,
          at_ms INTEGER NOT NULL,
          received_ms INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS config_acks_by_node ON config_acks (node, version)",
        """
        CREATE TABLE IF NOT EXISTS desired_configs (
          node TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          key_id TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          by_name TEXT NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS rejections (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at_ms INTEGER NOT NULL,
          topic TEXT NOT NULL,
          reason TEXT NOT NULL,
          detail TEXT NOT NULL,
          size INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS rejections_by_reason ON rejections (reason)",
        // The audit log's anchor: its entry count and last MAC, outside the log file.
        """
        CREATE TABLE IF NOT EXISTS audit_anchor (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          entries INTEGER NOT NULL,
          head TEXT NOT NULL,
          at_ms INTEGER NOT NULL)""",
        // Seqs a gap replaced and the gateway never received: one row per run, whatever its length (schema 2).
        """
        CREATE TABLE IF NOT EXISTS dropped_ranges (
          node TEXT NOT NULL,
          first_seq INTEGER NOT NULL,
          last_seq INTEGER NOT NULL,
          gap_seq INTEGER,
          PRIMARY KEY (node, first_seq)) WITHOUT ROWID""",
        // Rejections counted per reason for ever, although old rejections are pruned (schema 3).
        """
        CREATE TABLE IF NOT EXISTS rejection_counts (
          reason TEXT PRIMARY KEY,
          count INTEGER NOT NULL) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS sequenced_by_received ON sequenced (received_ms)",
        "CREATE INDEX IF NOT EXISTS rejections_by_time ON rejections (at_ms)",
    };
    /**
     * {@code PRAGMA user_version} of the current schema. 0 or 1: a store from before dropped ranges, whose gaps left
     * one {@code 'dropped'} placeholder row per replaced seq in {@code sequenced}; they are folded into ranges on open.
     * 2: rejections were counted from their rows; the counts move to {@code rejection_counts} on open (schema 3).
     * 3: twin marks had no time; {@code sequenced.twin_marked_ms} is added on open (schema 4).
     */
    static final int SCHEMA_VERSION = 4;

    static Connection open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA foreign_keys = ON");
            }
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    static Connection openWriter(Path file) {
        Connection c = open(file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            c.setAutoCommit(false);
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version < 4 && !hasColumn(c, "sequenced", "twin_marked_ms")) {
                s.execute("ALTER TABLE sequenced ADD COLUMN twin_marked_ms INTEGER");
            }
            s.execute("CREATE INDEX IF NOT EXISTS sequenced_by_twin_mark ON sequenced (twin_marked_ms) WHERE twin_marked_ms IS NOT NULL");
            if (version < SCHEMA_VERSION) {
                long moved = version < 2 ? SqliteSequencedRows.migratePlaceholders(c) : 0;
                s.execute("INSERT INTO rejection_counts (reason, count) SELECT reason, COUNT(*) FROM rejections "
                        + "GROUP BY reason ON CONFLICT (reason) DO NOTHING");
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                if (moved > 0) {
                    LOG.info("{}: folded {} placeholder rows of replaced seqs into ranges (schema {} -> {})", file, moved,
                            version, SCHEMA_VERSION);
                }
            } else if (version > SCHEMA_VERSION) {
                throw new SQLException("schema version " + version + " is newer than this gateway's " + SCHEMA_VERSION
                        + "; run the newer gateway, or keep this file aside and start with an empty store");
            }
            c.commit();
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new StoreException("cannot create the schema in " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
