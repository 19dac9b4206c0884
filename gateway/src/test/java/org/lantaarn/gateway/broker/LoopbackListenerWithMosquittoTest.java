package org.lantaarn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/**
 * The opt-in plain loopback listener is for local twin readers only. Without certificates a client names
 * itself, so a local process calling itself {@code lantaarn-gateway} (to forge a receipt that makes a node
 * delete its outbox) or a node id must still be able to do nothing but read the twin feed.
 */
@Tag("integration")
class LoopbackListenerWithMosquittoTest {
    @TempDir
    Path dir;

    private static MqttAsyncClient connectAs(int port, String user) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, user + "-impostor", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setConnectionTimeout(5);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static int publishAs(int port, String user, String topic) throws MqttException {
        MqttAsyncClient c = connectAs(port, user);
        try {
            return BrokerAclWithMosquittoTest.publish(c, topic, "{}");
        } finally {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }

    @Test
    void a_local_client_claiming_the_gateway_or_a_node_name_can_only_read_the_twin_feed() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        var server = pki.server("broker");
        int port = MosquittoBroker.freePort();
        int loopback = MosquittoBroker.freePort();
        int exit = GatewayCli.commandLine().execute("broker-config", "--out", dir.resolve("broker").toString(),
                "--ca", pki.caFile().toString(), "--cert", server.cert().toString(), "--key", server.key().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--persistence", dir.resolve("data").toString(),
                "--loopback-plain-port", Integer.toString(loopback));
        assertThat(exit).isZero();
        String conf = Files.readString(dir.resolve("broker/mosquitto.conf"));
        try (MosquittoBroker broker = MosquittoBroker.startWithConfig(conf, port)) {
            // Paho 1.2.5 drops the connection after a refused publish, so each attempt gets a connection of its own.
            assertThat(publishAs(loopback, "lantaarn-gateway", "lantaarn/v1/nodes/lp-1/receipt")).as("forged receipt").isEqualTo(135);
            assertThat(publishAs(loopback, "lantaarn-gateway", "lantaarn/v1/twin/site/lp-1/air")).as("forged twin data").isEqualTo(135);
            assertThat(publishAs(loopback, "lp-1", "lantaarn/v1/nodes/lp-1/obs/air")).as("observation as a node").isEqualTo(135);

            MqttAsyncClient fakeNode = connectAs(loopback, "lp-1");
            IMqttToken sub = fakeNode.subscribe("lantaarn/v1/twin/#", 1);
            sub.waitForCompletion(5_000);
            assertThat(sub.getReasonCodes()[0]).as("reading the twin feed is allowed").isLessThan(0x80);
            fakeNode.disconnect().waitForCompletion(5_000);
        }
    }
}
