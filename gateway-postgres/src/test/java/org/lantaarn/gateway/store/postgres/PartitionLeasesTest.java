package org.lantaarn.gateway.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.testkit.store.PostgresServer;

/** Leases on a real PostgreSQL: one holder per partition, taken over when the holder's session ends. */
class PartitionLeasesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final JsonCodec codec = new JsonCodec();

    private PostgresGatewayStore open(String db) {
        return PostgresGatewayStore.open(new PostgresSettings(PostgresServer.shared().jdbcUrl(db), PostgresServer.USER, null, 3), codec);
    }

    @Test
    void each_partition_has_one_holder_and_a_second_replica_takes_them_when_the_first_lets_go() {
        String db = PostgresServer.shared().newDatabase();
        try (PostgresGatewayStore a = open(db); PostgresGatewayStore b = open(db)) {
            PartitionLeases first = a.leases(4).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> first.owned().size() == 4);
            try (PartitionLeases second = b.leases(4).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.owned().size() == 4 && second.owned().isEmpty());
                first.close(); // its session ends, as when the replica dies
                await().atMost(Duration.ofSeconds(30)).until(() -> second.owned().size() == 4);
                assertThat(first.owned()).isEmpty();
            }
        }
    }

    @Test
    void the_twin_queue_of_a_replica_holds_only_the_nodes_of_its_partitions() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        try (PostgresGatewayStore store = open(db);
             java.sql.Connection other = java.sql.DriverManager.getConnection(PostgresServer.shared().jdbcUrl(db), PostgresServer.USER, null)) {
            try (var s = other.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + (PartitionLeases.KEY_BASE + 1) + ")"); // another replica holds partition 1
            }
            PartitionLeases leases = store.leases(2).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> leases.owned().equals(java.util.Set.of(0)));
            String[] nodes = {"n-a", "n-b", "n-c", "n-d", "n-e", "n-f"};
            for (String n : nodes) {
                store.storeStatus(new Status(n, Status.State.ONLINE, T0, "0.1.0", 1L, "sha256:x", "s",
                        new Location(51.0, 5.0, null, null), java.util.List.of()), T0);
                store.storeSequenced(SequencedEntry.of(new Observation(n, "climate", "climate", 1, T0, T0.plusSeconds(60),
                        Map.of("temperature", 20.0), Map.of("temperature", "Cel"), Quality.full(), Privacy.none()), codec, T0));
            }
            NodeOwnership evenOnly = new NodeOwnership() {
                @Override
                public boolean owns(String node) {
                    return NodeOwnership.partitionOf(node, 2) == 0;
                }
            };
            int mine = (int) java.util.Arrays.stream(nodes).filter(n -> NodeOwnership.partitionOf(n, 2) == 0).count();
            assertThat(mine).as("the fixture spreads nodes over both partitions").isBetween(1, nodes.length - 1);
            assertThat(store.pendingTwin(100, leases)).as("filtered in the query").extracting(PendingTwin::node)
                    .allMatch(n -> NodeOwnership.partitionOf(n, 2) == 0).hasSize(mine);
            assertThat(store.pendingTwin(100, evenOnly)).as("filtered in Java").hasSize(mine);
            assertThat(store.pendingTwin(100, NodeOwnership.all())).hasSize(nodes.length);
            leases.close();
        }
    }
}
