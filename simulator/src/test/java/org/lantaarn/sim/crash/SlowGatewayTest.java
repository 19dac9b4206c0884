package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.uplink.mqtt.MqttUplink;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * Done-when 3 of issue 5: with a low {@code max_queued_messages} Mosquitto drops QoS 1 messages for a slow subscriber
 * while the publisher still gets its PUBACK. Here the gateway's store is slowed down, the broker drops, and the node's
 * resend of unreceipted rows brings everything to the twin.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowGatewayTest {
    @TempDir
    Path dir;

    private volatile long storeDelayMillis = 150;

    /** The real store, with every stored observation taking {@link #storeDelayMillis} longer. */
    private GatewayStore slow(GatewayStore real) {
        return (GatewayStore) Proxy.newProxyInstance(GatewayStore.class.getClassLoader(), new Class<?>[] {GatewayStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("storeSequenced") && storeDelayMillis > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(storeDelayMillis));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void receipts_recover_what_a_broker_with_a_low_queue_limit_dropped_for_a_slow_gateway() {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        // The queue limit applies to every client of the broker. The twin subscriber stays outside it by announcing a
        // large receive maximum: the broker keeps its messages in flight instead of queueing (and dropping) them; without
        // it, the same subscriber missed 18 of 547 windows here. The gateway's store must end up with every seq the node
        // recorded, once, although the broker dropped messages queued for the gateway, and the twin subscriber with
        // every one of them, in order.
        try (MosquittoBroker broker = MosquittoBroker.start(CrashTest.PRODUCTION + "max_queued_messages 5\n");
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#", 2, 65_000)) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"),
                    slow(SqliteGatewayStore.open(dir.resolve("gateway"), new JsonCodec())));
            long resends;
            try {
                NodeRuntime node = Rig.startNode(Rig.nodeConfig(dir, "slow-gw", broker.uri(), null), data, new FastClock(10), Rig.QUICK);
                try {
                    await().atMost(Rig.WAIT).until(() -> broker.log().contains("being dropped"));
                    storeDelayMillis = 0; // the gateway catches up
                    long atRecovery = node.lastRecordedSeq();
                    await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atRecovery + 20 && node.outbox().depth() < 10);
                    resends = ((MqttUplink) node.uplink()).resends();
                } finally {
                    node.close();
                }
                long recorded = Rig.recordedSeqs(data);
                NodeRuntime drain = Rig.startDrain(dir, "slow-gw", broker.uri(), data);
                try {
                    await().atMost(Rig.WAIT).until(() -> gateway.store().node("slow-gw")
                            .map(n -> n.contiguousSeq() != null && n.contiguousSeq() >= recorded).orElse(false));
                } finally {
                    drain.close();
                }
                NodeRecord stored = gateway.store().node("slow-gw").orElseThrow();
                long droppedForGateway = broker.log().lines()
                        .filter(l -> l.contains("being dropped") && l.contains("lantaarn-gateway")).count();
                System.out.printf("slow gateway, max_queued_messages 5: node recorded %d, gateway stored %d observations and %d gaps "
                        + "(%d duplicates dropped), broker dropped messages for the gateway (log: %d lines), node resent %d times, %.1f s%n",
                        recorded, stored.observations(), stored.gaps(), stored.duplicates(), droppedForGateway, resends,
                        (System.nanoTime() - t0) / 1e9);
                assertThat(droppedForGateway).as("the broker dropped messages queued for the gateway").isPositive();
                assertThat(stored.contiguousSeq()).as("every recorded seq stored, none missing").isEqualTo(recorded);
                assertThat(stored.observations() + stored.gaps()).as("each seq stored exactly once").isEqualTo(recorded);
                TwinLedger ledger = Rig.awaitComplete(twin, "slow-gw", recorded);
                Rig.assertDeliveredOnceInOrder(ledger, "slow gateway, twin subscriber with receive maximum 65000", true, t0);
            } finally {
                gateway.close();
            }
            assertThat(resends).as("the node sent unreceipted rows again").isPositive();
        }
    }
}
