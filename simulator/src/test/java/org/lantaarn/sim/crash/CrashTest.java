package org.lantaarn.sim.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.uplink.DeliveryPolicy;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * Crash tests against a real Mosquitto, with real node and gateway processes where something is killed. Each ends the
 * same way: the node stops measuring, a drain run (same outbox, no sensors) sends what is left, and a twin subscriber's
 * view is checked against every seq the node recorded. Dropped windows must come as gap records naming their seqs.
 */
@Tag("integration")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashTest {
    /** The production broker settings that matter here (see deploy/mosquitto/mosquitto.conf). */
    static final String PRODUCTION = """
            autosave_on_changes true
            autosave_interval 1
            max_queued_messages 0
            """;

    @TempDir
    Path dir;

    /** Drains the node's outbox with a sensorless run of the same node, waits until the twin has all, checks it. */
    private void drainAndCheck(String test, MosquittoBroker broker, MessageCollector twin, String node, Path data,
                               boolean redeliveriesAllowed, long t0) {
        long recorded = Rig.recordedSeqs(data);
        NodeRuntime drain = Rig.startDrain(dir, node, broker.uri(), data);
        try {
            TwinLedger ledger = Rig.awaitComplete(twin, node, recorded);
            Rig.assertDeliveredOnceInOrder(ledger, test, redeliveriesAllowed, t0);
        } finally {
            drain.close();
        }
        assertThat(Rig.recordedSeqs(data)).as("the drain run records nothing").isEqualTo(recorded);
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS) // twenty JVM starts on a loaded machine
    void a_node_killed_twenty_times_at_random_moments_loses_nothing_and_its_outbox_stays_intact() throws Exception {
        long t0 = System.nanoTime();
        Random random = new Random();
        Path data = dir.resolve("node");
        try (MosquittoBroker broker = MosquittoBroker.start(PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#");
             Processes processes = new Processes(Processes.logDir("node-kill"))) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            try {
                Path config = Rig.nodeConfig(dir, "kill-node", broker.uri(), null);
                for (int i = 0; i < 20; i++) {
                    long before = Rig.liveLastSeq(data);
                    Process node = processes.node(config, data, "--resend-after", "3s");
                    if (i % 2 == 0) {
                        // After progress, however slowly this machine starts a JVM: a new outbox row, then a random
                        // moment while windows are written and published.
                        await().atMost(Rig.WAIT).until(() -> !node.isAlive() || Rig.liveLastSeq(data) > before);
                        assertThat(node.isAlive()).as("the node runs until it is killed").isTrue();
                        node.waitFor(random.nextInt(1000), TimeUnit.MILLISECONDS);
                    } else {
                        // Any moment, start-up included.
                        node.waitFor(random.nextInt(2600), TimeUnit.MILLISECONDS);
                    }
                    assertThat(node.isAlive()).as("the node runs until it is killed").isTrue();
                    Processes.kill(node);
                }
                assertThat(Rig.integrityCheck(data)).isEqualTo("ok");
                long recorded = Rig.recordedSeqs(data);
                assertThat(recorded).as("every run that made progress kept its rows").isGreaterThanOrEqualTo(10);
                drainAndCheck("node SIGKILLed 20 times", broker, twin, "kill-node", data, false, t0);
                assertThat(Rig.integrityCheck(data)).isEqualTo("ok");
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void a_broker_killed_during_traffic_and_restarted_loses_nothing() {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        try (MosquittoBroker broker = MosquittoBroker.start(PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#")) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            NodeRuntime node = Rig.startNode(Rig.nodeConfig(dir, "broker-kill", broker.uri(), null), data, Clock.systemUTC(), Rig.QUICK);
            try {
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= 8);
                broker.kill();
                long atKill = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atKill + 4);
                broker.startAgain();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atKill + 10 && node.uplinkConnected());
            } finally {
                node.close();
            }
            try {
                // Mosquitto back from SIGKILL may deliver again what the twin subscriber already had (its last
                // autosave predates the acknowledgement): byte-identical repeats of a (node, seq) are allowed.
                drainAndCheck("broker SIGKILLed and restarted", broker, twin, "broker-kill", data, true, t0);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\ngateway's view: " + gateway.store().node("broker-kill")
                        + "\ntwin collector connected: " + twin.isConnected() + "\nbroker log:\n" + broker.log(), e);
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void a_gateway_killed_during_traffic_and_restarted_loses_nothing() throws Exception {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        try (MosquittoBroker broker = MosquittoBroker.start(PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#");
             Processes processes = new Processes(Processes.logDir("gateway-kill"))) {
            Path gatewayConfig = Rig.gatewayConfig(dir.resolve("gateway"), broker.uri());
            Process gateway = processes.gateway(gatewayConfig);
            NodeRuntime node = Rig.startNode(Rig.nodeConfig(dir, "gateway-kill", broker.uri(), null), data, Clock.systemUTC(), Rig.QUICK);
            try {
                await().atMost(Rig.WAIT).until(() -> TwinLedger.of(twin.messages(), "gateway-kill", node.lastRecordedSeq()).delivered() >= 6);
                Processes.kill(gateway);
                long atKill = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atKill + 6);
                gateway = processes.gateway(gatewayConfig);
                long atRestart = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atRestart + 6);
            } finally {
                node.close();
            }
            // A gateway killed between the broker's PUBACK of a twin message and marking it published sends that one
            // message again after its restart: at-least-once from the gateway to the broker, identical bytes.
            drainAndCheck("gateway SIGKILLed and restarted", broker, twin, "gateway-kill", data, true, t0);
            Processes.stop(gateway);
        }
    }

    @Test
    void a_broker_stopped_for_a_hundred_windows_gets_the_backlog_in_order_at_the_configured_rate_while_new_windows_are_recorded() {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        double rate = 60;
        try (MosquittoBroker broker = MosquittoBroker.start(PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#")) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            // 1 s windows on a clock ten times as fast: a hundred windows in ten seconds
            NodeRuntime node = Rig.startNode(Rig.nodeConfig(dir, "broker-stop", broker.uri(), null), data, new FastClock(10),
                    new DeliveryPolicy(Duration.ofSeconds(5), rate));
            long backlog;
            double drainSeconds;
            long recordedDuringDrain;
            try {
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= 10 && node.outbox().depth() < 5);
                broker.stop();
                long atStop = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atStop + 200); // 100 windows of 2 streams
                backlog = node.outbox().depth();
                broker.startAgain();
                long drainStart = System.nanoTime();
                long atStart = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> node.outbox().depth() < 10);
                drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                recordedDuringDrain = node.lastRecordedSeq() - atStart;
            } finally {
                node.close();
            }
            System.out.printf("broker stopped for 100 windows: backlog %d rows drained in %.1f s at most %.0f/s while %d new rows were recorded%n",
                    backlog, drainSeconds, rate, recordedDuringDrain);
            assertThat(backlog).isGreaterThanOrEqualTo(200);
            assertThat(drainSeconds).as("the drain keeps to the configured rate").isGreaterThanOrEqualTo((backlog - 2 * 10) / rate);
            assertThat(recordedDuringDrain).as("windows keep being recorded while the backlog drains").isPositive();
            try {
                drainAndCheck("broker stopped for 100 windows", broker, twin, "broker-stop", data, true, t0);
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void windows_beyond_the_outbox_limit_arrive_as_gap_records_that_account_for_every_dropped_seq() {
        long t0 = System.nanoTime();
        Path data = dir.resolve("node");
        try (MosquittoBroker broker = MosquittoBroker.start(PRODUCTION);
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#")) {
            Gateway gateway = Rig.startGateway(broker.uri(), dir.resolve("gateway"), null);
            broker.stop(); // the node starts with no broker to reach: its outbox must hold everything
            NodeRuntime node = Rig.startNode(Rig.nodeConfig(dir, "outbox-full", broker.uri(), "{maxRows: 50}"), data,
                    new FastClock(10), Rig.QUICK);
            try {
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= 150);
                assertThat(node.outbox().depth()).isLessThanOrEqualTo(50);
                broker.startAgain();
                long atStart = node.lastRecordedSeq();
                await().atMost(Rig.WAIT).until(() -> node.lastRecordedSeq() >= atStart + 10 && node.outbox().depth() < 10);
            } finally {
                node.close();
            }
            try {
                long recorded = Rig.recordedSeqs(data);
                NodeRuntime drain = Rig.startDrain(dir, "outbox-full", broker.uri(), data);
                try {
                    TwinLedger ledger = Rig.awaitComplete(twin, "outbox-full", recorded);
                    Rig.assertDeliveredOnceInOrder(ledger, "outbox limit exceeded", false, t0);
                    assertThat(ledger.replaced()).as("seqs dropped on purpose").isGreaterThanOrEqualTo(100);
                    assertThat(ledger.gapReasons()).isNotEmpty().containsOnly("outbox-full");
                } finally {
                    drain.close();
                }
            } finally {
                gateway.close();
            }
        }
    }
}
