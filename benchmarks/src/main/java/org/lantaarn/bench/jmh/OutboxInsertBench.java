package org.lantaarn.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One observation into the node's {@link Outbox} (seq assigned, limits checked, encoded, one transaction with
 * {@code synchronous=FULL} on its writer thread), against a bare JDBC insert of the same payload into a table of the
 * same shape with the same pragmas (WAL, {@code synchronous=FULL}), one transaction each. Scores are rows per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutboxInsertBench {
    private Path dir;
    private Outbox outbox;
    private Connection bare;
    private PreparedStatement insert;
    private Observation draft;
    private String payload;
    private long seq;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lantaarn-bench-outbox-");
        outbox = Outbox.open(dir.resolve("outbox"), Clock.systemUTC(), "bench");
        draft = Samples.observation("markt-01", 1, Instant.parse("2026-05-01T12:01:00Z"));
        payload = new String(new JsonCodec().encode(Samples.observation("markt-01", 1, Instant.parse("2026-05-01T12:01:00Z"))),
                StandardCharsets.UTF_8);
        bare = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bare.db"));
        try (Statement s = bare.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, schema TEXT NOT NULL, "
                    + "payload TEXT NOT NULL, created_at INTEGER NOT NULL)");
        }
        insert = bare.prepareStatement("INSERT INTO outbox(seq, stream, schema, payload, created_at) VALUES (?, ?, ?, ?, ?)");
        seq = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        outbox.close();
        insert.close();
        bare.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Observation outboxAppend() {
        return outbox.append(draft);
    }

    @Benchmark
    public int bareInsert() throws SQLException {
        insert.setLong(1, ++seq);
        insert.setString(2, "noise");
        insert.setString(3, "lantaarn.obs/1");
        insert.setString(4, payload);
        insert.setLong(5, System.currentTimeMillis());
        return insert.executeUpdate(); // autocommit: one transaction per row, as the outbox does
    }
}
