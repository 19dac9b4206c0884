package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.uplink.DeliveryPolicy;
import org.lantaarn.testkit.MessageCollector;

/** Configuration documents, in-process parts and checks shared by the crash tests. */
final class Rig {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Short enough that rows a broker lost come again within a test. */
    static final DeliveryPolicy QUICK = new DeliveryPolicy(Duration.ofSeconds(3), 200);

    private Rig() {}

    /** A node with two simulated streams of 1 s windows. */
    static Path nodeConfig(Path dir, String node, String broker, String outboxLimits) {
        String streams = """
                  - {id: air, sensor: climate, driver: simulated, interval: 100ms, settings: {faultRate: 0}}
                  - {id: passers, sensor: motion, driver: simulated, interval: 100ms, settings: {peakRate: 400}}
                """;
        String doc = """
                schema: lantaarn.config/1
                node: %s
                site: crash-test
                version: 1
                location: {lat: 51.6888, lon: 5.3036, description: crash test lamppost}
                purpose: crash test
                legalGround: none, test data only
                uplink: {broker: "%s"%s}
                window: 1s
                streams:
                """.formatted(node, broker, outboxLimits == null ? "" : ", outbox: " + outboxLimits) + streams;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(node + ".yaml");
            Files.writeString(file, doc);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gatewayConfig(Path dir, String broker) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("gateway.yaml");
            Files.writeString(file, """
                    broker: %s
                    httpHost: 127.0.0.1
                    httpPort: 0
                    dataDir: %s
                    """.formatted(broker, dir.resolve("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NodeRuntime startNode(Path config, Path dataDir, Clock clock, DeliveryPolicy delivery) {
        if (!(ConfigLoader.load(config) instanceof ConfigResult.Valid(var nodeConfig, var sha256))) {
            throw new IllegalStateException("invalid test configuration " + config);
        }
        NodeRuntime node = NodeRuntime.builder().config(nodeConfig).configHash(sha256).dataDir(dataDir).clock(clock)
                .delivery(delivery).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        node.start();
        return node;
    }

    /**
     * The same node with no streams at all, so that it only delivers what its outbox holds and records nothing
     * (a stream whose sensor is absent would record a sensor-absent gap every window). A configuration document
     * needs one stream, so the streams are taken away after validation.
     */
    static NodeRuntime startDrain(Path dir, String node, String broker, Path dataDir) {
        if (!(ConfigLoader.load(nodeConfig(dir, node, broker, null)) instanceof ConfigResult.Valid(var c, var sha256))) {
            throw new IllegalStateException("invalid test configuration for " + node);
        }
        NodeConfig silent = new NodeConfig(c.node(), c.site(), c.version(), c.location(), c.purpose(), c.legalGround(), c.uplink(),
                c.window(), java.util.List.of());
        NodeRuntime n = NodeRuntime.builder().config(silent).configHash(sha256).dataDir(dataDir).clock(Clock.systemUTC())
                .delivery(QUICK).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        n.start();
        return n;
    }

    static Gateway startGateway(String broker, Path dataDir, GatewayStore store) {
        GatewayConfig gc = GatewayConfig.external(broker, dataDir).withHttpPort(0).withHttpHost("127.0.0.1");
        Gateway.Builder b = Gateway.builder().config(gc);
        if (store != null) {
            b.store(store);
        }
        return b.build().start();
    }

    /** The last seq the outbox in {@code dataDir} ever assigned (the node must not be running). */
    static long recordedSeqs(Path dataDir) {
        try (Outbox outbox = Outbox.open(dataDir, Clock.systemUTC(), "check")) {
            return outbox.lastSeq();
        }
    }

    /**
     * The last seq the outbox in {@code dataDir} assigned, read while a node process may be writing it (a plain read
     * of its {@code meta} table that waits for the writer's lock); 0 before the outbox exists.
     */
    static long liveLastSeq(Path dataDir) {
        Path file = dataDir.resolve(Outbox.FILE_NAME);
        if (!Files.exists(file)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'last_seq'")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0; // not created yet, or being created
        }
    }

    static String integrityCheck(Path dataDir) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Outbox.FILE_NAME));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "(no answer)";
        } catch (SQLException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** Waits until every recorded seq of {@code node} reached the twin or is named by a gap, then returns the ledger. */
    static TwinLedger awaitComplete(MessageCollector twin, String node, long recorded) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> TwinLedger.of(twin.messages(), node, recorded).complete());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            TwinLedger l = TwinLedger.of(twin.messages(), node, recorded);
            throw new AssertionError(l.summary("incomplete") + "; missing " + l.missing() + "; problems " + l.problems(), e);
        }
        return TwinLedger.of(twin.messages(), node, recorded);
    }

    /** The checks every crash test makes; {@code redeliveriesAllowed} says whether byte-identical repeats may occur. */
    static void assertDeliveredOnceInOrder(TwinLedger ledger, String test, boolean redeliveriesAllowed, long startedAtNanos) {
        System.out.println(ledger.summary(test) + String.format(", %.1f s", (System.nanoTime() - startedAtNanos) / 1e9));
        assertThat(ledger.problems()).as("ordering and exactly-once problems").isEmpty();
        assertThat(ledger.missing()).as("recorded seqs neither delivered nor named by a gap").isEmpty();
        assertThat(ledger.delivered() + ledger.replaced()).isEqualTo(ledger.recorded());
        if (!redeliveriesAllowed) {
            assertThat(ledger.duplicates()).as("repeats on the twin").isZero();
        }
    }
}
