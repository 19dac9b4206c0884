package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.postgres.PostgresGatewayStore;
import org.lantaarn.gateway.store.postgres.PostgresSettings;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.store.PostgresServer;

/**
 * Done-when 2 of issue 13: three gateway replicas on one Mosquitto and one PostgreSQL, behind the shared subscription
 * {@code $share/lantaarn-gateway/...}. One replica is SIGKILLed mid-traffic, restarted, then another is SIGKILLed:
 * every (node, seq) the nodes recorded is stored once and reaches a QoS 2 twin subscriber in order per node (repeats
 * only byte-identical), and receipts keep advancing (the nodes' outboxes empty).
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplicaFailoverTest {
    private static final List<String> NODES = List.of("replica-a", "replica-b");

    @TempDir
    Path dir;
    private int started;

    private Path replicaConfig(String broker, String jdbcUrl, int i) {
        try {
            Path d = dir.resolve("gw" + i);
            Files.createDirectories(d);
            Path file = d.resolve("gateway.yaml");
            Files.writeString(file, """
                    broker: %s
                    httpHost: 127.0.0.1
                    httpPort: 0
                    dataDir: %s
                    clientId: lantaarn-gateway-%d
                    sharedSubscription: true
                    sessionExpiry: 0
                    store: {url: "%s", user: %s, poolSize: 4, partitions: 8}
                    """.formatted(broker, d.resolve("data"), i, jdbcUrl, PostgresServer.USER));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void three_replicas_lose_nothing_when_one_is_killed_mid_traffic_and_then_another_after_it_restarted() {
        long t0 = System.nanoTime();
        PostgresServer pg = PostgresServer.shared();
        String jdbc = pg.jdbcUrl(pg.newDatabase());
        try (MosquittoBroker broker = MosquittoBroker.start(CrashTest.PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#", 2);
             Processes processes = new Processes(Processes.logDir("replicas"))) {
            Path[] configs = {replicaConfig(broker.uri(), jdbc, 1), replicaConfig(broker.uri(), jdbc, 2),
                    replicaConfig(broker.uri(), jdbc, 3)};
            Process[] replicas = new Process[3];
            Path[] logs = new Path[3];
            for (int i = 0; i < 3; i++) {
                replicas[i] = processes.gateway(configs[i]);
                logs[i] = Path.of("target", "crash-logs", "replicas", "gateway-" + (++started) + ".log");
            }
            NodeRuntime[] nodes = new NodeRuntime[NODES.size()];
            try {
                for (int i = 0; i < nodes.length; i++) {
                    nodes[i] = Rig.startNode(Rig.nodeConfig(dir, NODES.get(i), broker.uri(), null), dir.resolve(NODES.get(i)),
                            Clock.systemUTC(), Rig.QUICK);
                }
                awaitTwinProgress(twin, nodes, 6);
                int first = awaitOwner(logs, -1);
                Processes.kill(replicas[first]); // the replica publishing receipts and twin, mid-traffic
                int second = awaitOwner(logs, first);
                System.out.printf("replica %d held the partitions and was killed; replica %d took them over%n", first + 1, second + 1);
                awaitTwinProgress(twin, nodes, 6);
                replicas[first] = processes.gateway(configs[first]);
                logs[first] = Path.of("target", "crash-logs", "replicas", "gateway-" + (++started) + ".log");
                awaitTwinProgress(twin, nodes, 6);
                Processes.kill(replicas[second]); // another, after the first came back
                int third = awaitOwner(logs, second);
                System.out.printf("replica %d was killed; replica %d took the partitions over%n", second + 1, third + 1);
                awaitTwinProgress(twin, nodes, 6);
            } finally {
                for (NodeRuntime n : nodes) {
                    if (n != null) {
                        n.close();
                    }
                }
            }
            for (String node : NODES) {
                Path data = dir.resolve(node);
                long recorded = Rig.recordedSeqs(data);
                NodeRuntime drain = Rig.startDrain(dir, node, broker.uri(), data);
                try {
                    TwinLedger ledger = Rig.awaitComplete(twin, node, recorded);
                    Rig.assertDeliveredOnceInOrder(ledger, "3 replicas, 2 SIGKILLed, node " + node, true, t0);
                    // receipts kept advancing: the drain run's outbox empties only on receipts covering every row
                    await().atMost(Rig.WAIT).until(() -> drain.outbox().depth() == 0);
                } finally {
                    drain.close();
                }
                try (PostgresGatewayStore store = PostgresGatewayStore.open(
                        new PostgresSettings(jdbc, PostgresServer.USER, null, 2), new JsonCodec())) {
                    NodeRecord r = store.node(node).orElseThrow();
                    System.out.printf("3 replicas, node %s: recorded %d, stored %d observations and %d gaps, %d duplicates dropped%n",
                            node, recorded, r.observations(), r.gaps(), r.duplicates());
                    assertThat(r.contiguousSeq()).as("every recorded seq stored").isEqualTo(recorded);
                    assertThat(r.observations() + r.gaps()).as("each (node, seq) stored once").isEqualTo(recorded);
                }
            }
            for (Process p : replicas) {
                if (p.isAlive()) {
                    Processes.stop(p);
                }
            }
        }
    }

    /** Which replica (not {@code except}) last said it holds partitions, waiting until one does. */
    private static int awaitOwner(Path[] logs, int except) {
        int[] owner = {-1};
        await().atMost(Rig.WAIT).until(() -> {
            for (int i = 0; i < logs.length; i++) {
                if (i == except || !Files.exists(logs[i])) {
                    continue;
                }
                List<String> held = Files.readAllLines(logs[i]).stream()
                        .filter(l -> l.contains("node partitions held by this replica")).toList();
                if (!held.isEmpty() && !held.getLast().contains("held by this replica: 0 of")) {
                    owner[0] = i;
                    return true;
                }
            }
            return false;
        });
        return owner[0];
    }

    /** Distinct twin observations and gaps of {@code node} so far. */
    private static long onTwin(MessageCollector twin, String node) {
        return twin.messages().stream().filter(m -> m.topic().contains("/" + node + "/") && !m.topic().endsWith("/status"))
                .map(MessageCollector.Received::payload).distinct().count();
    }

    /** Waits until every node has {@code more} windows on the twin beyond what it had. */
    private static void awaitTwinProgress(MessageCollector twin, NodeRuntime[] nodes, int more) {
        long[] before = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            before[i] = onTwin(twin, NODES.get(i));
        }
        await().atMost(Rig.WAIT).until(() -> {
            for (int i = 0; i < nodes.length; i++) {
                if (onTwin(twin, NODES.get(i)) < before[i] + more) {
                    return false;
                }
            }
            return true;
        });
    }
}
