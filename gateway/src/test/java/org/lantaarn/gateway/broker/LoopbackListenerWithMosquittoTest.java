package org.lantaarn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/**
 * The opt-in plain loopback listener is for local twin readers only. No anonymous clients: a reader logs in with a
 * password (mosquitto_passwd) and its user name, which no node id can equal, becomes its client id. So a local process
 * can neither take over a node's session nor act as the gateway (forging a receipt that makes a node delete its
 * outbox) or as a node.
 */
@Tag("integration")
class LoopbackListenerWithMosquittoTest {
    private static final String READER = "reader@local";
    private static final String SECRET = "loopback-secret";

    @TempDir
    Path dir;

    private TestPki pki;
    private MosquittoBroker broker;
    private int port;
    private int loopback;

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        var server = pki.server("broker");
        port = MosquittoBroker.freePort();
        loopback = MosquittoBroker.freePort();
        Path passwords = dir.resolve("loopback.passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", passwords.toString(), READER, SECRET).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        int exit = GatewayCli.commandLine().execute("broker-config", "--out", dir.resolve("broker").toString(),
                "--ca", pki.caFile().toString(), "--cert", server.cert().toString(), "--key", server.key().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--persistence", dir.resolve("data").toString(),
                "--loopback-plain-port", Integer.toString(loopback), "--loopback-passwords", passwords.toString());
        assertThat(exit).isZero();
        broker = MosquittoBroker.startWithConfig(Files.readString(dir.resolve("broker/mosquitto.conf")), port);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private MqttAsyncClient connectLoopback(String clientId, String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + loopback, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setConnectionTimeout(10);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    private int publishAs(String clientId, String topic) throws MqttException {
        MqttAsyncClient c = connectLoopback(clientId, READER, SECRET);
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
    void neither_an_anonymous_client_nor_a_local_reader_claiming_a_node_client_id_disconnects_that_node() throws Exception {
        MqttConnectionOptions withWill = new MqttConnectionOptions();
        withWill.setSocketFactory(pki.client("lp-1").socketFactory());
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        withWill.setWill("lantaarn/v1/nodes/lp-1/status", will);
        MqttAsyncClient node = new MqttAsyncClient("ssl://127.0.0.1:" + port, "lp-1", new MemoryPersistence());
        node.connect(withWill).waitForCompletion(20_000);

        try (MessageCollector watcher = MessageCollector.subscribe("ssl://127.0.0.1:" + port, "lantaarn/v1/nodes/#",
                pki.client("lantaarn-gateway").socketFactory())) {
            assertThatThrownBy(() -> connectLoopback("lp-1", null, null)).as("anonymous").isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connectLoopback("lp-1", "lp-1", "guess")).as("a node's name as user").isInstanceOf(MqttException.class);
            MqttAsyncClient reader = connectLoopback("lp-1", READER, SECRET); // the client id becomes reader@local
            IMqttToken sub = reader.subscribe("lantaarn/v1/twin/#", 1);
            sub.waitForCompletion(20_000);

            assertThat(BrokerAclWithMosquittoTest.publish(node, "lantaarn/v1/nodes/lp-1/health", "still-here")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.messages().stream().anyMatch(m -> m.payload().equals("still-here")));
            assertThat(node.isConnected()).isTrue();
            assertThat(watcher.messages()).extracting(MessageCollector.Received::payload).doesNotContain("offline");
            reader.disconnect().waitForCompletion(10_000);
        }
        node.disconnect().waitForCompletion(10_000);
    }

    @Test
    void a_local_reader_can_only_read_the_twin_feed() throws Exception {
        // Paho 1.2.5 drops the connection after a refused publish, so each attempt gets a connection of its own.
        assertThat(publishAs("lantaarn-gateway", "lantaarn/v1/nodes/lp-1/receipt")).as("forged receipt").isEqualTo(135);
        assertThat(publishAs("lantaarn-gateway", "lantaarn/v1/twin/site/lp-1/air")).as("forged twin data").isEqualTo(135);
        assertThat(publishAs("lp-1", "lantaarn/v1/nodes/lp-1/obs/air")).as("observation as a node").isEqualTo(135);

        MqttAsyncClient reader = connectLoopback("lp-1", READER, SECRET);
        IMqttToken sub = reader.subscribe("lantaarn/v1/twin/#", 1);
        sub.waitForCompletion(20_000);
        assertThat(sub.getReasonCodes()[0]).as("reading the twin feed is allowed").isLessThan(0x80);
        reader.disconnect().waitForCompletion(10_000);
    }

    @Test
    void broker_config_refuses_a_loopback_listener_without_a_password_file_or_with_a_user_named_like_a_node() throws Exception {
        var server = pki.server("broker-2");
        String[] base = {"broker-config", "--out", dir.resolve("other").toString(), "--ca", pki.caFile().toString(),
                "--cert", server.cert().toString(), "--key", server.key().toString(), "--loopback-plain-port", "1883"};
        assertThat(GatewayCli.commandLine().execute(base)).isEqualTo(1);

        Path nodeNamed = Files.writeString(dir.resolve("bad.passwd"), "lp-1:$7$101$abc$def\n");
        String[] withBad = java.util.Arrays.copyOf(base, base.length + 2);
        withBad[base.length] = "--loopback-passwords";
        withBad[base.length + 1] = nodeNamed.toString();
        assertThat(GatewayCli.commandLine().execute(withBad)).isEqualTo(1);
        assertThat(dir.resolve("other/mosquitto.conf")).doesNotExist();
    }
}
