package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * Done-when 3 of issue 13: Mosquitto acknowledges a twin publish before it saves it, so a broker SIGKILLed just after
 * the gateway marked a window published can come back without it. The gateway notices (its uptime moved, or the
 * session is gone) and publishes again what it marked shortly before; persistent QoS 2 and QoS 1 twin consumers, who
 * deduplicate by (node, seq), then have every window, in order, repeats byte-identical.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BrokerKillTwinTest {
    private static final int KILLS = 15;

    @TempDir
    Path dir;

    @Test
    void a_broker_killed_fifteen_times_just_after_window_boundaries_loses_nothing_at_qos_2_and_qos_1_twin_consumers() {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        String node = "kill-broker";
        try (MosquittoBroker broker = MosquittoBroker.start(CrashTest.PRODUCTION);
             MessageCollector qos2 = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#", 2);
             MessageCollector qos1 = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#", 1)) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            try {
                NodeRuntime n = Rig.startNode(Rig.nodeConfig(dir, node, broker.uri(), null), data, Clock.systemUTC(), Rig.QUICK);
                try {
                    long last = 0;
                    for (int i = 0; i < KILLS; i++) {
                        long after = last;
                        // just after a window boundary: a new window is stored and the twin feed has marked it published
                        await().atMost(Rig.WAIT).until(() -> twinCaughtUp(gateway, node, after));
                        last = gateway.store().node(node).map(NodeRecord::contiguousSeq).orElse(0L);
                        broker.kill();
                        broker.startAgain();
                        await().atMost(Rig.WAIT).until(() -> gateway.mqttConnected() && n.uplinkConnected());
                    }
                } finally {
                    n.close();
                }
                long recorded = Rig.recordedSeqs(data);
                NodeRuntime drain = Rig.startDrain(dir, node, broker.uri(), data);
                try {
                    TwinLedger l2 = Rig.awaitComplete(qos2, node, recorded);
                    TwinLedger l1 = Rig.awaitComplete(qos1, node, recorded);
                    System.out.printf("broker SIGKILLed %d times just after window boundaries: recorded %d; QoS 2 consumer "
                            + "got %d (%d repeats), QoS 1 consumer got %d (%d repeats); the gateway republished %d twin "
                            + "messages after broker losses; %.1f s%n", KILLS, recorded, l2.delivered(), l2.duplicates(),
                            l1.delivered(), l1.duplicates(), gateway.twinRepublished(), (System.nanoTime() - t0) / 1e9);
                    Rig.assertDeliveredOnceInOrder(l2, "broker SIGKILLed " + KILLS + " times, QoS 2 twin consumer", true, t0);
                    Rig.assertDeliveredOnceInOrder(l1, "broker SIGKILLed " + KILLS + " times, QoS 1 twin consumer", true, t0);
                } finally {
                    drain.close();
                }
            } finally {
                gateway.close();
            }
        }
    }

    private static boolean twinCaughtUp(Gateway gateway, String node, long after) {
        NodeRecord r = gateway.store().node(node).orElse(null);
        return r != null && r.contiguousSeq() != null && r.contiguousSeq() > after && gateway.mqttConnected()
                && gateway.store().pendingTwin(1).isEmpty();
    }
}
