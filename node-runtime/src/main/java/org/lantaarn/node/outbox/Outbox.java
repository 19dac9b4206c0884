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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.lantaarn.config.OutboxLimits;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.SchemaIds;
import org.lantaarn.protocol.SeqRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * The node's durable outbox in {@code <dataDir>/outbox.db}: SQLite in WAL mode with
 * {@code synchronous=FULL}, so a stored row survives a power cut. Each row gets the next per-node
 * {@code seq} when it is appended; the last assigned seq is kept in a {@code meta} table, so seq keeps
 * increasing across restarts even after every row was confirmed and deleted. A row is deleted only when a
 * gateway receipt covers its seq ({@link #confirmUpTo(long)}), never on a broker acknowledgement.
 *
 * <p><b>Bounded.</b> {@link OutboxLimits} caps rows, bytes and age. Before a row is appended, observations older
 * than the age limit are dropped ({@value #EXPIRED}), then, while the new row would not fit, the oldest observations
 * ({@value #FULL}; at least 1 % of the limit at a time, so a full outbox does not write a gap per window). Each drop
 * writes, in the same transaction, one {@code lantaarn.gap/1} per stream that lists the seqs it replaces; gap rows are
 * never dropped. Rows in the outbox always hold a contiguous run of seqs.
 *
 * <p><b>Full disk.</b> When SQLite reports {@code SQLITE_FULL} or an I/O error, the outbox keeps working in memory:
 * rows get their seqs as usual and wait in a bounded buffer ({@code memoryRows}, dropping the oldest with a gap when
 * it overflows), {@link #alarm()} names the trouble, and at most once a second the buffer is written to the file
 * again. Rows in memory are not handed to the uplink until they are on disk: a power cut loses them, but their seqs
 * were never seen outside the node, so reusing them after a restart is safe.
 *
 * <p><b>Threads.</b> One writer thread, started by {@link #open} and named {@code lantaarn-outbox-<name>}
 * (a virtual thread), owns the JDBC connection. Every public method hands its work to that thread: the
 * {@code *Async} methods return a future, the others wait for the result, so any thread may call them.
 * The code that touches the connection checks that it runs on the writer thread.
 */
public final class Outbox implements AutoCloseable {
    /** The file name of the outbox inside the node's data directory. */
    public static final String FILE_NAME = "outbox.db";

    /** Gap reason: the outbox (or the memory buffer while the disk is full) had no room for more rows. */
    public static final String FULL = "outbox-full";
    /** Gap reason: rows were older than the age limit. */
    public static final String EXPIRED = "outbox-expired";
    /** Rows kept in memory while the disk refuses writes, by default. */
    public static final int DEFAULT_MEMORY_ROWS = 1000;
    /** Most rows dropped in one pass, so one gap lists a bounded number of seqs. */
    static final int MAX_DROP = 1000;

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String LAST_SEQ = "last_seq";
    private static final long RECOVERY_INTERVAL_MS = 1000;
    /** What a gap row is assumed to take when planning a drop (its real size is counted once written). */
    private static final long GAP_BYTES = 400;

    private final Path file;
    private final Clock clock;
    private final JsonCodec codec;
    private final ExecutorService writer;
    private volatile Thread writerThread;
    private final OutboxLimits limits;
    private final int memoryRows;
    private Connection connection;
    private volatile long lastSeq;
    private long rows;
    private long bytes;
    // Rows waiting in memory while the disk refuses writes (writer thread only), and what went wrong (null when fine).
    private final ArrayDeque<OutboxRow> memory = new ArrayDeque<>();
    private volatile String alarm;
    private long lastRecoveryMs;
    private volatile long dropped;
    private volatile boolean closed;

    private Outbox(Path file, Clock clock, JsonCodec codec, String name, OutboxLimits limits, int memoryRows) {
        this.file = file;
        this.clock = clock;
        this.codec = codec;
        this.limits = Objects.requireNonNull(limits, "limits");
        if (limits.maxRows() < 1 || limits.maxBytes() < 1 || limits.maxAge().isNegative() || limits.maxAge().isZero()) {
            throw new IllegalArgumentException("outbox limits must allow at least 1 row, 1 byte and a positive age: " + limits);
        }
        if (memoryRows < 1) {
            throw new IllegalArgumentException("memoryRows must be at least 1: " + memoryRows);
        }
        this.memoryRows = memoryRows;
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
        return open(dataDir, clock, name, OutboxLimits.defaults(), DEFAULT_MEMORY_ROWS);
    }

    /**
     * Opens (creating if needed) the outbox in {@code dataDir/outbox.db} with the given limits.
     *
     * @param name       names the writer thread, usually the node id
     * @param limits     most rows, bytes and age kept; beyond them the oldest observations are dropped with a gap
     * @param memoryRows most rows kept in memory while the disk refuses writes
     * @throws OutboxException when the file cannot be opened or prepared
     */
    public static Outbox open(Path dataDir, Clock clock, String name, OutboxLimits limits, int memoryRows) {
        Objects.requireNonNull(dataDir, "dataDir");
        Outbox outbox = new Outbox(dataDir.resolve(FILE_NAME), Objects.requireNonNull(clock, "clock"), new JsonCodec(), name,
                limits, memoryRows);
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

    /**
     * Moves every seq of this outbox above {@code receiptSeq}, a receipt the gateway holds for seqs this outbox
     * never assigned: the node's data was wiped (new SD card, re-provisioned with the same id) and its seqs
     * started again at 1, below what the gateway already has. Left alone, the gateway would drop the new rows
     * as duplicates and its receipts would then delete them. Each waiting row keeps its order and gets
     * {@code receiptSeq} added to its seq (a gap's {@code replaces} ranges too); new rows continue after them.
     * Returns how many rows moved, 0 when {@code receiptSeq} is not above the last seq assigned here.
     */
    public CompletableFuture<Integer> rebaseAboveAsync(long receiptSeq) {
        return submit(() -> rebaseOnWriter(receiptSeq));
    }

    public int rebaseAbove(long receiptSeq) {
        return join(rebaseAboveAsync(receiptSeq));
    }

    /**
     * What keeps the outbox from writing to disk ({@code outbox-disk-full} or {@code outbox-io-error}), empty when
     * it writes normally. While present, new rows wait in memory.
     */
    public Optional<String> alarm() {
        return Optional.ofNullable(alarm);
    }

    /** Observations dropped since open because of the limits or a full memory buffer (each accounted for by a gap). */
    public long droppedRows() {
        return dropped;
    }

    /** The last seq assigned, read without waiting for the writer thread. */
    public long lastAssignedSeq() {
        return lastSeq;
    }

    /**
     * Caps the file at {@code pages} database pages ({@code PRAGMA max_page_count}): a write limit that behaves like a
     * full disk when reached ({@code SQLITE_FULL}). A limit below the current size is raised to it. Operators may use
     * it to bound the file; tests use it to fill the "disk".
     *
     * @return the limit now in force
     */
    public long maxPageCount(long pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("pages must be at least 1: " + pages);
        }
        return call(() -> {
            checkWriter();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA max_page_count = " + pages)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        });
    }

    /** The file's size in database pages now. */
    public long pageCount() {
        return call(() -> {
            checkWriter();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                long n = rs.next() ? rs.getLong(1) : -1;
                connection.commit();
                return n;
            }
        });
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
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(payload AS BLOB))), 0) FROM outbox")) {
                    rs.next();
                    rows = rs.getLong(1);
                    bytes = rs.getLong(2);
                }
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
        maybeRecover();
        if (alarm != null) {
            return appendInMemory(atSeq);
        }
        try {
            return appendDurably(atSeq);
        } catch (SQLException e) {
            rollbackQuietly();
            String trouble = diskTrouble(e);
            if (trouble == null) {
                throw failure("append", e);
            }
            enterDegraded(trouble, e);
            return appendInMemory(atSeq);
        }
    }

    /** A message built for {@code seq}, checked to be an observation or gap carrying that seq, as a row. */
    private <M extends Message> OutboxRow rowOf(M message, long seq, long now) {
        String stream = switch (message) {
            case Observation o when o.seq() == seq -> o.stream();
            case Gap g when g.seq() == seq -> g.stream();
            case Observation o -> throw new IllegalArgumentException("observation built with seq " + o.seq() + " instead of " + seq);
            case Gap g -> throw new IllegalArgumentException("gap built with seq " + g.seq() + " instead of " + seq);
            default -> throw new IllegalArgumentException("only observations and gaps go through the outbox, not " + message.schema());
        };
        return new OutboxRow(seq, stream, message.schema(), codec.encodeToString(message), Instant.ofEpochMilli(now), null);
    }

    private <M extends Message> M appendDurably(LongFunction<M> atSeq) throws SQLException {
        long now = clock.millis();
        long seq = lastSeq;
        long newRows = rows;
        long newBytes = bytes;
        List<OutboxRow> written = new ArrayList<>();
        // 1. windows past the age limit
        List<OutboxRow> expired = oldestObservations(MAX_DROP, now - limits.maxAge().toMillis(), Long.MAX_VALUE);
        // 2. room for the new row (its size measured at the seq it will get if nothing else is written first)
        long size = utf8Length(codec.encodeToString(atSeq.apply(seq + 1)));
        List<List<OutboxRow>> drops = new ArrayList<>();
        if (!expired.isEmpty()) {
            drops.add(expired);
        }
        long droppedCount = 0;
        for (int pass = 0; pass < 100; pass++) {
            long r = newRows;
            long b = newBytes;
            for (List<OutboxRow> d : drops) {
                r -= d.size();
                b -= d.stream().mapToLong(x -> utf8Length(x.payload())).sum();
                r += streamsOf(d);
                b += GAP_BYTES * streamsOf(d);
            }
            long rowsOver = r + 1 - limits.maxRows();
            long bytesOver = b + size - limits.maxBytes();
            if (rowsOver <= 0 && bytesOver <= 0) {
                break;
            }
            java.util.Set<Long> chosen = new java.util.HashSet<>();
            drops.forEach(d -> d.forEach(x -> chosen.add(x.seq())));
            // Drop enough that, after the gap rows this adds (one per stream, about GAP_BYTES each), the new row fits
            // with 1 % of the limit to spare.
            long wantRows = Math.max(rowsOver, 0) + Math.max(1, limits.maxRows() / 100);
            long wantBytes = Math.max(bytesOver, 0) + Math.max(1, limits.maxBytes() / 100);
            List<OutboxRow> candidates = oldestObservations(chosen.size() + MAX_DROP).stream()
                    .filter(x -> !chosen.contains(x.seq())).limit(MAX_DROP).toList();
            if (candidates.isEmpty()) {
                log.warn("outbox {}: over its limits with no observation left to drop (only gap records)", file);
                break;
            }
            // At least 20 windows per stream at a time, so that the gap rows (never dropped) stay a small share.
            long minBatch = Math.min(Math.max(1, limits.maxRows() / 2), 20 * streamsOf(candidates));
            List<OutboxRow> batch = new ArrayList<>();
            java.util.Set<String> streams = new java.util.HashSet<>();
            long freedBytes = 0;
            for (OutboxRow c : candidates) {
                long netRows = batch.size() - streams.size();
                long netBytes = freedBytes - GAP_BYTES * streams.size();
                if (batch.size() >= minBatch && (rowsOver <= 0 || netRows >= wantRows) && (bytesOver <= 0 || netBytes >= wantBytes)) {
                    break;
                }
                batch.add(c);
                streams.add(c.stream());
                freedBytes += utf8Length(c.payload());
            }
            drops.add(batch);
        }
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            for (int i = 0; i < drops.size(); i++) {
                List<OutboxRow> d = drops.get(i);
                String reason = i == 0 && d == expired ? EXPIRED : FULL;
                for (OutboxRow x : d) {
                    del.setLong(1, x.seq());
                    del.addBatch();
                    newRows--;
                    newBytes -= utf8Length(x.payload());
                }
                del.executeBatch();
                droppedCount += d.size();
                for (Gap gap : gapsFor(d, reason, seq)) {
                    seq = gap.seq();
                    OutboxRow row = rowOf(gap, seq, now);
                    insert(row);
                    written.add(row);
                    newRows++;
                    newBytes += utf8Length(row.payload());
                }
            }
        }
        seq++;
        M message = atSeq.apply(seq);
        OutboxRow row = rowOf(message, seq, now);
        insert(row);
        newRows++;
        newBytes += utf8Length(row.payload());
        setMetaLastSeq(seq);
        connection.commit();
        lastSeq = seq;
        rows = newRows;
        bytes = newBytes;
        if (droppedCount > 0) {
            dropped += droppedCount;
            log.warn("outbox {}: dropped {} observations to stay within {}; reported by gap records {}", file, droppedCount, limits,
                    written.stream().map(OutboxRow::seq).toList());
        }
        return message;
    }

    private static long streamsOf(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::stream).distinct().count();
    }

    /** Gap records, one per stream in order of first appearance, for dropped observations; seqs from {@code after + 1}. */
    private List<Gap> gapsFor(List<OutboxRow> droppedRows, String reason, long after) {
        Map<String, List<Observation>> byStream = new LinkedHashMap<>();
        for (OutboxRow r : droppedRows) {
            Decoded d = codec.decode(r.payloadBytes());
            if (d instanceof Decoded.Accepted(Observation o)) {
                byStream.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(o);
            } else {
                throw new OutboxException("outbox " + file + ": stored row " + r.seq() + " no longer decodes: " + d, null);
            }
        }
        List<Gap> gaps = new ArrayList<>();
        long seq = after;
        for (Map.Entry<String, List<Observation>> e : byStream.entrySet()) {
            List<Observation> obs = e.getValue();
            Instant from = obs.stream().map(Observation::start).min(Instant::compareTo).orElseThrow();
            Instant to = obs.stream().map(Observation::end).max(Instant::compareTo).orElseThrow();
            long[] seqs = obs.stream().mapToLong(Observation::seq).sorted().toArray();
            gaps.add(new Gap(obs.getFirst().node(), e.getKey(), ++seq, from, to, obs.size(), reason, SeqRange.of(seqs)));
        }
        return gaps;
    }

    private List<OutboxRow> oldestObservations(int limit, long createdBefore, long maxSeq) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, stream, schema, payload, created_at FROM outbox WHERE schema = ? AND created_at < ? AND seq <= ? "
                        + "ORDER BY seq LIMIT ?")) {
            ps.setString(1, SchemaIds.OBS);
            ps.setLong(2, createdBefore);
            ps.setLong(3, maxSeq);
            ps.setInt(4, limit);
            return readRows(ps);
        }
    }

    private List<OutboxRow> oldestObservations(int limit) throws SQLException {
        return oldestObservations(limit, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private static List<OutboxRow> readRows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), null));
            }
        }
        return out;
    }

    private void insert(OutboxRow row) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO outbox(seq, stream, schema, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ins.setLong(1, row.seq());
            ins.setString(2, row.stream());
            ins.setString(3, row.schema());
            ins.setString(4, row.payload());
            ins.setLong(5, row.createdAt().toEpochMilli());
            ins.executeUpdate();
        }
    }

    private void setMetaLastSeq(long seq) throws SQLException {
        try (PreparedStatement meta = connection.prepareStatement("UPDATE meta SET value = ? WHERE key = '" + LAST_SEQ + "'")) {
            meta.setLong(1, seq);
            meta.executeUpdate();
        }
    }

    private static long utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    // ---------------------------------------------------------------- full disk: the memory buffer (writer thread)

    /** {@code outbox-disk-full} or {@code outbox-io-error} when the failure is the disk's, else null. */
    static String diskTrouble(SQLException e) {
        String code = e instanceof SQLiteException se ? se.getResultCode().name() : String.valueOf(e.getMessage());
        if (code.contains("SQLITE_FULL")) {
            return "outbox-disk-full";
        }
        if (code.contains("SQLITE_IOERR") || code.contains("SQLITE_CANTOPEN")) {
            return "outbox-io-error";
        }
        return null;
    }

    private void enterDegraded(String trouble, SQLException e) {
        if (alarm == null) {
            log.error("outbox {}: {} ({}); keeping up to {} new rows in memory until the disk takes writes again",
                    file, trouble, e.getMessage(), memoryRows);
        }
        alarm = trouble;
        lastRecoveryMs = clock.millis();
    }

    private <M extends Message> M appendInMemory(LongFunction<M> atSeq) {
        long now = clock.millis();
        long observations = memory.stream().filter(r -> r.schema().equals(SchemaIds.OBS)).count();
        if (observations + 1 > memoryRows) {
            int want = Math.max(1, memoryRows / 10);
            List<OutboxRow> batch = new ArrayList<>();
            for (Iterator<OutboxRow> it = memory.iterator(); it.hasNext() && batch.size() < want; ) {
                OutboxRow r = it.next();
                if (r.schema().equals(SchemaIds.OBS)) {
                    batch.add(r);
                    it.remove();
                }
            }
            for (Gap gap : gapsFor(batch, FULL, lastSeq)) {
                memory.add(rowOf(gap, gap.seq(), now));
                lastSeq = gap.seq();
            }
            dropped += batch.size();
            log.warn("outbox {}: memory buffer full while the disk refuses writes; dropped {} observations with a gap", file, batch.size());
        }
        long seq = lastSeq + 1;
        M message = atSeq.apply(seq);
        memory.add(rowOf(message, seq, now));
        lastSeq = seq;
        return message;
    }

    /** While degraded, at most once a second: writes the memory buffer to the file; on success the alarm ends. */
    private void maybeRecover() {
        if (alarm == null) {
            return;
        }
        long now = clock.millis();
        if (Math.abs(now - lastRecoveryMs) < RECOVERY_INTERVAL_MS) {
            return;
        }
        lastRecoveryMs = now;
        try {
            long addedBytes = 0;
            for (OutboxRow r : memory) {
                insert(r);
                addedBytes += utf8Length(r.payload());
            }
            setMetaLastSeq(lastSeq);
            connection.commit();
            rows += memory.size();
            bytes += addedBytes;
            log.info("outbox {}: the disk takes writes again; {} rows moved from memory to the file", file, memory.size());
            memory.clear();
            alarm = null;
        } catch (SQLException e) {
            rollbackQuietly();
            String trouble = diskTrouble(e);
            alarm = trouble != null ? trouble : "outbox-io-error";
            log.debug("outbox {}: still cannot write: {}", file, e.getMessage());
        }
    }

    private List<OutboxRow> afterOnWriter(long cursor, int limit) {
        checkWriter();
        maybeRecover();
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

    private int rebaseOnWriter(long receiptSeq) {
        checkWriter();
        if (receiptSeq <= lastSeq || !memory.isEmpty()) {
            return 0; // nothing to do; rows waiting in memory are renumbered when they reach the disk
        }
        List<OutboxRow> waiting = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT seq, stream, schema, payload, created_at FROM outbox ORDER BY seq DESC");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                waiting.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), null));
            }
        } catch (SQLException e) {
            throw failure("rebase", e);
        }
        try (PreparedStatement up = connection.prepareStatement(
                "UPDATE outbox SET seq = ?, payload = ?, published_at = NULL WHERE seq = ?")) {
            // highest first: every new seq lies above every old one, so no update collides with a row not yet moved
            for (OutboxRow row : waiting) {
                Message moved = switch (codec.decode(row.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    case Decoded.Accepted(Observation o) -> o.withSeq(o.seq() + receiptSeq);
                    case Decoded.Accepted(Gap g) -> g.withSeq(g.seq() + receiptSeq).withReplaces(g.replaces().stream()
                            .map(r -> new SeqRange(r.first() + receiptSeq, r.last() + receiptSeq)).toList());
                    default -> throw new IllegalStateException("outbox row " + row.seq() + " does not decode as an observation or gap");
                };
                String payload = codec.encodeToString(moved);
                bytes += utf8Length(payload) - utf8Length(row.payload());
                up.setLong(1, row.seq() + receiptSeq);
                up.setString(2, payload);
                up.setLong(3, row.seq());
                up.executeUpdate();
            }
            long moved = lastSeq + receiptSeq;
            setMetaLastSeq(moved);
            connection.commit();
            lastSeq = moved;
            return waiting.size();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw failure("rebase", e instanceof SQLException se ? se : new SQLException(e));
        }
    }

    private int confirmOnWriter(long seq) {
        checkWriter();
        try (PreparedStatement sum = connection.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(payload AS BLOB))), 0) FROM outbox WHERE seq <= ?");
             PreparedStatement ps = connection.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
            sum.setLong(1, seq);
            long gone;
            long goneBytes;
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                gone = rs.getLong(1);
                goneBytes = rs.getLong(2);
            }
            ps.setLong(1, seq);
            int n = ps.executeUpdate();
            connection.commit();
            rows -= gone;
            bytes -= goneBytes;
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("confirm", e);
        }
    }

    private OutboxStats statsOnWriter() {
        checkWriter();
        maybeRecover();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(created_at) FROM outbox")) {
            rs.next();
            long depth = rs.getLong(1) + memory.size();
            long oldest = rs.getLong(2);
            Instant oldestAt = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
            if (oldestAt == null && !memory.isEmpty()) {
                oldestAt = memory.getFirst().createdAt();
            }
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
        } catch (SQLException e) {
            // SQLite rolls a transaction back by itself after SQLITE_FULL and some I/O errors; then the driver's own
            // rollback fails and no new transaction is open. Start one, so the next statement works.
            try {
                connection.setAutoCommit(true); // the driver switches first, then its COMMIT may fail: no transaction
            } catch (SQLException ignored) {
                // expected when no transaction is open
            }
            try {
                connection.setAutoCommit(false); // BEGIN
            } catch (SQLException ignored) {
                // the original failure is reported
            }
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
