package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * A node whose data directory is wiped (a new SD card, re-provisioned with the same id) starts its seqs at 1
 * again, below what the gateway already stored. Its retained receipt tells it so: its rows move above the
 * receipt, and the twin gets every window of both lives once, in one unbroken run of seqs.
 */
@Tag("integration")
class WipedNodeTest {
    @TempDir
    Path dir;

    @Test
    void a_node_with_a_wiped_outbox_continues_above_the_gateways_receipt_and_loses_nothing() throws IOException {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        try (MosquittoBroker broker = MosquittoBroker.start();
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#")) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            try {
                NodeRuntime first = Rig.startNode(Rig.nodeConfig(dir, "wiped", broker.uri(), null), data, Clock.systemUTC(), Rig.QUICK);
                try {
                    await().atMost(Rig.WAIT).until(() -> first.lastRecordedSeq() >= 6);
                } finally {
                    first.close();
                }
                long firstLife = Rig.recordedSeqs(data);
                Rig.awaitComplete(twin, "wiped", firstLife);
                await().atMost(Rig.WAIT).until(() -> Rig.recordedSeqs(data) >= firstLife
                        && gateway.store().node("wiped").map(n -> n.contiguousSeq() == firstLife).orElse(false));

                try (Stream<Path> files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }

                NodeRuntime second = Rig.startNode(Rig.nodeConfig(dir, "wiped", broker.uri(), null), data, Clock.systemUTC(), Rig.QUICK);
                try {
                    await().atMost(Rig.WAIT).until(() -> second.lastRecordedSeq() >= firstLife + 6);
                } finally {
                    second.close();
                }
                long recorded = Rig.recordedSeqs(data);
                NodeRuntime drain = Rig.startDrain(dir, "wiped", broker.uri(), data);
                try {
                    TwinLedger ledger = Rig.awaitComplete(twin, "wiped", recorded);
                    Rig.assertDeliveredOnceInOrder(ledger, "node wiped and restarted", false, t0);
                    assertThat(recorded).as("the second life continued above the first").isGreaterThan(firstLife + 5);
                } finally {
                    drain.close();
                }
            } finally {
                gateway.close();
            }
        }
    }
}
