package org.lantaarn.node.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;

/**
 * The node's durable outbox in {@code <dataDir>/outbox.db}: SQLite in WAL mode with
 * {@code synchronous=FULL}, so a stored row survives a power cut. Each row gets the next per-node
 * {@code seq} when it is appended; the last assigned seq is kept in a {@code meta} table, so seq keeps
 * increasing across restarts even after every row was confirmed and deleted. A row is deleted only when a
 * gateway receipt covers its seq ({@link #confirmUpTo(long)}), never on a broker acknowledgement.
 *
 * <p><b>Threads.</b> One writer thread, started by {@link #open} and named {@code lantaarn-outbox-<name>}
 * (a virtual thread), owns the JDBC connection. Every public method hands its work to that thread: the
 * {@code *Async} methods return a future, the others wait for the result, so any thread may call them.
 * The code that touches the connection checks that it runs on the writer thread.
 */
public final class Outbox implements AutoCloseable {
    /** The file name of the outbox inside the node's data directory. */
    public static final String FILE_NAME = "outbox.db";

    private static final String LAST_SEQ = "last_seq";

    private final Path file;
    private final Clock clock;
    private final JsonCodec codec;
    private final ExecutorService writer;
    private volatile Thread writerThread;
    private Connection connection;
    private long lastSeq;
    private volatile boolean closed;

    private Outbox(Path file, Clock clock, JsonCodec codec, String name) {
        this.file = file;
        this.clock = clock;
        this.codec = codec;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofVirtual().name("lantaarn-outbox-" + name).unstarted(r);
            writerThread = t;
            return t;
        });
    }

    /**
     * Opens (creating if needed) the outbox in {@code dataDir/outbox.db}.
     *
     * @param name names the writer thread, usually the node id
     * @throws OutboxException when the file cannot be opened or prepared
     */
    public static Outbox open(Path dataDir, Clock clock, String name) {
        Objects.requireNonNull(dataDir, "dataDir");
        Outbox outbox = new Outbox(dataDir.resolve(FILE_NAME), Objects.requireNonNull(clock, "clock"), new JsonCodec(), name);
        try {
            outbox.call(() -> {
                outbox.openOnWriter(dataDir);
                return null;
            });
        } catch (RuntimeException e) {
            outbox.writer.shutdownNow();
            throw e;
        }
        return outbox;
    }

    public Path file() {
        return file;
    }

    // ---------------------------------------------------------------- public API (any thread)

    /**
     * Stores the message that {@code atSeq} builds for the next seq, in one transaction with the seq
     * counter, and returns it. Only observations and gaps are stored.
     */
    public <M extends Message> CompletableFuture<M> appendAsync(LongFunction<M> atSeq) {
        Objects.requireNonNull(atSeq, "atSeq");
        return submit(() -> appendOnWriter(atSeq));
    }

    /** {@link #appendAsync} and wait. */
    public <M extends Message> M append(LongFunction<M> atSeq) {
        return join(appendAsync(atSeq));
    }

    /** Stores an observation under the next seq (the seq it carries is replaced). */
    public Observation append(Observation draft) {
        return append(draft::withSeq);
    }

    /** Stores a gap under the next seq (the seq it carries is replaced). */
    public Gap append(Gap draft) {
        return append(draft::withSeq);
    }

    /** Up to {@code limit} stored rows with seq greater than {@code cursor}, in seq order. */
    public List<OutboxRow> after(long cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return call(() -> afterOnWriter(cursor, limit));
    }

    /** Records that the broker acknowledged {@code seq}; the row stays until a receipt covers it. */
    public CompletableFuture<Void> markPublishedAsync(long seq) {
        return submit(() -> {
            markPublishedOnWriter(seq);
            return null;
        });
    }

    public void markPublished(long seq) {
        join(markPublishedAsync(seq));
    }

    /** Applies a receipt: deletes every row with seq up to and including {@code seq}; returns how many. */
    public CompletableFuture<Integer> confirmUpToAsync(long seq) {
        return submit(() -> confirmOnWriter(seq));
    }

    public int confirmUpTo(long seq) {
        return join(confirmUpToAsync(seq));
    }

    /** Rows waiting for a receipt. */
    public long depth() {
        return stats().depth();
    }

    /** The last seq assigned, 0 before the first append ever. */
    public long lastSeq() {
        return stats().lastSeq();
    }

    /** When the oldest row waiting for a receipt was stored. */
    public Optional<Instant> oldestUnconfirmedCreatedAt() {
        return Optional.ofNullable(stats().oldestUnconfirmedCreatedAt());
    }

    public OutboxStats stats() {
        return call(this::statsOnWriter);
    }

    /** {@link #stats()} without waiting, for callers on a shared scheduler thread. */
    public CompletableFuture<OutboxStats> statsAsync() {
        return submit(this::statsOnWriter);
    }

    /** Finishes queued work, then closes the connection and stops the writer thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.submit(this::closeOnWriter);
        } catch (RejectedExecutionException alreadyStopped) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private <T> CompletableFuture<T> submit(Callable<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("outbox " + file + " is closed"));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("outbox " + file + " is closed", e));
        }
        return f;
    }

    private <T> T call(Callable<T> work) {
        if (Thread.currentThread() == writerThread) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new OutboxException("outbox " + file + ": " + e.getMessage(), e);
            }
        }
        return join(submit(work));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxException("interrupted while waiting for the outbox", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new OutboxException(String.valueOf(cause), cause);
        }
    }

    private void checkWriter() {
        if (Thread.currentThread() != writerThread) {
            throw new IllegalStateException("the outbox connection belongs to its writer thread, not " + Thread.currentThread());
        }
    }

    private OutboxException failure(String what, SQLException e) {
        return new OutboxException("outbox " + file + ": " + what + " failed: " + e.getMessage(), e);
    }

    // ---------------------------------------------------------------- writer thread only

    private void openOnWriter(Path dataDir) {
        checkWriter();
        try {
            Files.createDirectories(dataDir);
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new OutboxException("outbox " + file + ": journal_mode WAL refused (got " + mode + ")", null);
                    }
                }
                st.execute("PRAGMA synchronous=FULL");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS outbox (
                          seq INTEGER PRIMARY KEY,
                          stream TEXT NOT NULL,
                          schema TEXT NOT NULL,
                          payload TEXT NOT NULL,
                          created_at INTEGER NOT NULL,
                          published_at INTEGER,
                          confirmed_at INTEGER)""");
                st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                st.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('" + LAST_SEQ + "', 0)");
                long meta;
                try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = '" + LAST_SEQ + "'")) {
                    meta = rs.next() ? rs.getLong(1) : 0;
                }
                long maxRow;
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM outbox")) {
                    maxRow = rs.next() ? rs.getLong(1) : 0;
                }
                lastSeq = Math.max(meta, maxRow);
            }
            connection.setAutoCommit(false);
            connection.commit();
        } catch (SQLException e) {
            closeQuietly();
            throw failure("open", e);
        } catch (java.io.IOException e) {
            throw new OutboxException("outbox " + file + ": cannot create " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private <M extends Message> M appendOnWriter(LongFunction<M> atSeq) {
        checkWriter();
        long seq = lastSeq + 1;
        M message = atSeq.apply(seq);
        String stream = switch (message) {
            case Observation o when o.seq() == seq -> o.stream();
            case Gap g when g.seq() == seq -> g.stream();
            case Observation o -> throw new IllegalArgumentException("observation built with seq " + o.seq() + " instead of " + seq);
            case Gap g -> throw new IllegalArgumentException("gap built with seq " + g.seq() + " instead of " + seq);
            default -> throw new IllegalArgumentException("only observations and gaps go through the outbox, not " + message.schema());
        };
        String payload = codec.encodeToString(message);
        try (PreparedStatement meta = connection.prepareStatement("UPDATE meta SET value = ? WHERE key = '" + LAST_SEQ + "'");
             PreparedStatement ins = connection.prepareStatement(
                     "INSERT INTO outbox(seq, stream, schema, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
            meta.setLong(1, seq);
            meta.executeUpdate();
            ins.setLong(1, seq);
            ins.setString(2, stream);
            ins.setString(3, message.schema());
            ins.setString(4, payload);
            ins.setLong(5, clock.millis());
            ins.executeUpdate();
            connection.commit();
            lastSeq = seq;
            return message;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("append", e);
        }
    }

    private List<OutboxRow> afterOnWriter(long cursor, int limit) {
        checkWriter();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, stream, schema, payload, created_at, published_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, cursor);
            ps.setInt(2, limit);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long published = rs.getLong(6);
                    Instant publishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(published);
                    rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), publishedAt));
                }
            }
            connection.commit();
            return rows;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read", e);
        }
    }

    private void markPublishedOnWriter(long seq) {
        checkWriter();
        try (PreparedStatement ps = connection.prepareStatement("UPDATE outbox SET published_at = ? WHERE seq = ?")) {
            ps.setLong(1, clock.millis());
            ps.setLong(2, seq);
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("mark published", e);
        }
    }

    private int confirmOnWriter(long seq) {
        checkWriter();
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
            ps.setLong(1, seq);
            int n = ps.executeUpdate();
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("confirm", e);
        }
    }

    private OutboxStats statsOnWriter() {
        checkWriter();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(created_at) FROM outbox")) {
            rs.next();
            long depth = rs.getLong(1);
            long oldest = rs.getLong(2);
            Instant oldestAt = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
            connection.commit();
            return new OutboxStats(depth, lastSeq, oldestAt);
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("stats", e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is reported
        }
    }

    private void closeOnWriter() {
        checkWriter();
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            connection = null;
        }
    }
}
