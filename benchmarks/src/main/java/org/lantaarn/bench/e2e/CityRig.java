package org.lantaarn.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lantaarn.testkit.store.PostgresServer;

/**
 * What the city-scale harnesses (issue 13) share: gateways as separate JVMs ({@code GatewayCli run --config}), a
 * throw-away PostgreSQL with fsync switched back on, and a QoS 2 twin subscriber that counts distinct (node, seq).
 */
final class CityRig {
    private CityRig() {}

    /**
     * The testkit's throw-away PostgreSQL 15 cluster, with {@code fsync} switched back on (the tests run it off because
     * they never kill the database): a store that acknowledges a message must have it on disk, as SQLite does.
     */
    static PostgresServer postgres() throws SQLException {
        PostgresServer pg = PostgresServer.shared();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), PostgresServer.USER, null);
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = on");
            s.execute("ALTER SYSTEM SET synchronous_commit = on");
            s.execute("SELECT pg_reload_conf()");
        }
        return pg;
    }

    /** A gateway JVM started from this JVM's class path, its output in {@code log}. */
    static final class GatewayProcess implements AutoCloseable {
        final Process process;
        final Path log;
        final Path dataDir;

        private GatewayProcess(Process process, Path log, Path dataDir) {
            this.process = process;
            this.log = log;
            this.dataDir = dataDir;
        }

        /**
         * Starts a gateway on {@code brokerUri}; {@code jdbcUrl} null means the embedded SQLite store. Returns once it
         * says it is subscribed.
         */
        static GatewayProcess start(Path dir, String name, String brokerUri, String jdbcUrl, boolean shared, int partitions)
                throws IOException, InterruptedException {
            Path d = Files.createDirectories(dir.resolve(name));
            Path data = d.resolve("data");
            String store = jdbcUrl == null ? ""
                    : "store: {url: \"%s\", user: %s, poolSize: 4, partitions: %d}\n".formatted(jdbcUrl, PostgresServer.USER, partitions);
            Path config = Files.writeString(d.resolve("gateway.yaml"), """
                    broker: %s
                    httpHost: 127.0.0.1
                    httpPort: 0
                    dataDir: %s
                    clientId: %s
                    sharedSubscription: %s
                    sessionExpiry: 0
                    """.formatted(brokerUri, data, name, shared) + store, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                    "org.lantaarn.gateway.cli.GatewayCli", "run", "--config", config.toString()));
            Path log = d.resolve("gateway.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GatewayProcess g = new GatewayProcess(p, log, data);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!g.logSays("subscribed to")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    g.close();
                    throw new IllegalStateException("gateway " + name + " did not subscribe; see " + log);
                }
                Infra.sleep(100);
            }
            return g;
        }

        boolean logSays(String text) throws IOException {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        }

        /** SIGTERM, a graceful stop, and wait until it is gone. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A {@code mosquitto_sub} at QoS 2 with receive maximum 65535 (what docs/protocol.md tells twin consumers) on
     * {@code filter}, read line by line ({@code %t %p}) into a set of distinct (node, seq); also remembers when each
     * line arrived if asked.
     */
    static final class TwinCounter implements AutoCloseable {
        private final Process process;
        private final Set<String> distinct = ConcurrentHashMap.newKeySet();
        private final AtomicLong lines = new AtomicLong();
        private final Thread reader;
        private volatile long completeAt;
        private final long want;

        TwinCounter(Infra.Broker broker, String filter, long want) throws IOException {
            this.want = want;
            process = new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(broker.port), "-q", "2", "-V", "mqttv5",
                    "-t", filter, "-F", "%t %p", "-D", "connect", "receive-maximum", "65535").redirectErrorStream(true).start();
            reader = Thread.ofPlatform().name("bench-twin-counter").daemon().start(this::read);
            Infra.sleep(500); // the subscription reaches the broker before anything is published
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.incrementAndGet();
                    String key = key(line);
                    if (key != null && distinct.add(key) && distinct.size() == want) {
                        completeAt = System.nanoTime();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code node/seq} of a twin observation line ({@code topic payload}), or null for anything else. */
        static String key(String line) {
            int sp = line.indexOf(' ');
            int s = line.indexOf("\"seq\":", sp);
            if (sp < 0 || s < 0 || line.substring(0, sp).endsWith("/status")) {
                return null;
            }
            int e = s + 6;
            while (e < line.length() && Character.isDigit(line.charAt(e))) {
                e++;
            }
            String[] t = line.substring(0, sp).split("/");
            return t[t.length - 2] + "/" + line.substring(s + 6, e);
        }

        /** Waits until {@code want} distinct (node, seq) arrived; returns System.nanoTime() of the last one. */
        long awaitComplete(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            while (completeAt == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the twin subscriber got " + distinct.size() + " of " + want
                            + " distinct (node, seq) within " + max);
                }
                Infra.sleep(20);
            }
            return completeAt;
        }

        long distinct() {
            return distinct.size();
        }

        long lines() {
            return lines.get();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            reader.join(5_000);
        }
    }
}
