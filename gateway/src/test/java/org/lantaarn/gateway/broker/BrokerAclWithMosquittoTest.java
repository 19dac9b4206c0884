package org.lantaarn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.SocketFactory;
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
import org.lantaarn.config.pki.TlsFiles;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/**
 * A real Mosquitto started with the configuration {@code lantaarn-gateway broker-config} writes (two gateway replicas,
 * one twin consumer). A certificate is its client: its CN is its user name and its client id.
 */
@Tag("integration")
class BrokerAclWithMosquittoTest {
    static final String P = "lantaarn/v1/nodes/";

    @TempDir
    Path dir;

    private TestPki pki;
    private MosquittoBroker broker;
    private String uri;
    private String conf;

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        var server = pki.server("broker");
        int port = MosquittoBroker.freePort();
        int exit = GatewayCli.commandLine().execute("broker-config", "--out", dir.resolve("broker").toString(),
                "--ca", pki.caFile().toString(), "--cert", server.cert().toString(), "--key", server.key().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--persistence", dir.resolve("data").toString(),
                "--gateway", "lantaarn-gateway", "--gateway", "lantaarn-gateway-2", "--twin-consumer", "digital-twin");
        assertThat(exit).isZero();
        conf = Files.readString(dir.resolve("broker/mosquitto.conf"));
        broker = MosquittoBroker.startWithConfig(conf, port);
        uri = "ssl://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private MqttAsyncClient connect(String clientId, SocketFactory tls) throws MqttException {
        return connect(clientId, tls, null);
    }

    private MqttAsyncClient connect(String clientId, SocketFactory tls, MqttConnectionOptions given) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = given != null ? given : new MqttConnectionOptions();
        o.setSocketFactory(tls);
        o.setConnectionTimeout(10);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    /** The PUBACK reason of a QoS 1 publish; a refused publish may also surface as an exception carrying it. */
    static int publish(MqttAsyncClient c, String topic, String payload) {
        return publish(c, topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    static int publish(MqttAsyncClient c, String topic, byte[] payload, boolean retained) {
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            m.setRetained(retained);
            IMqttToken t = c.publish(topic, m);
            t.waitForCompletion(20_000);
            int[] rc = t.getReasonCodes();
            return rc == null || rc.length == 0 ? 0 : rc[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static void close(MqttAsyncClient... clients) {
        for (MqttAsyncClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 1000, false);
                }
                c.close(true);
            } catch (MqttException ignored) {
                // closing after the test
            }
        }
    }

    @Test
    void the_generated_configuration_binds_user_name_and_client_id_to_the_certificate_and_has_acl_rules_per_role() throws Exception {
        assertThat(conf.lines().filter(l -> l.startsWith("listener "))).hasSize(1);
        assertThat(conf).contains("require_certificate true", "use_identity_as_username true", "use_username_as_clientid true",
                "allow_anonymous false", "max_packet_size 131072", "max_queued_bytes", "persistent_client_expiration");
        String acl = Files.readString(dir.resolve("broker/lantaarn.acl"));
        assertThat(acl).contains("pattern write lantaarn/v1/nodes/%u/obs/+", "pattern read lantaarn/v1/nodes/%u/config",
                "user lantaarn-gateway-2", "topic deny lantaarn/v1/nodes/lantaarn-gateway/#", "user digital-twin");
        assertThat(acl.lines().filter(l -> !l.startsWith("#"))).noneMatch(l -> l.contains("%c"));
    }

    @Test
    void node_a_certificate_with_node_b_client_id_does_not_disconnect_node_b_its_will_does_not_fire_and_its_status_stays_online()
            throws Exception {
        TlsFiles nodeA = pki.client("node-a");
        MqttConnectionOptions withWill = new MqttConnectionOptions();
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(true);
        withWill.setWill(P + "node-b/status", will);
        MqttAsyncClient nodeB = connect("node-b", pki.client("node-b").socketFactory(), withWill);
        assertThat(publish(nodeB, P + "node-b/status", "online".getBytes(StandardCharsets.UTF_8), true)).isLessThan(0x80);

        try (MessageCollector watcher = MessageCollector.subscribe(uri, P + "#", pki.client("lantaarn-gateway").socketFactory())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.messages().stream().anyMatch(m -> m.payload().equals("online")));

            MqttAsyncClient impostor = connect("node-b", nodeA.socketFactory());
            // what the impostor can do: write under its own name, which proves it was connected after any takeover
            assertThat(publish(impostor, P + "node-a/health", "impostor-was-here")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.messages().stream().anyMatch(m -> m.payload().equals("impostor-was-here")));
            assertThat(publish(nodeB, P + "node-b/health", "node-b-still-here")).as("node-b's own connection still works").isLessThan(0x80);
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.messages().stream().anyMatch(m -> m.payload().equals("node-b-still-here")));

            assertThat(nodeB.isConnected()).isTrue();
            assertThat(watcher.messages()).extracting(MessageCollector.Received::payload).doesNotContain("offline");
            close(impostor);
        }
        try (MessageCollector fresh = MessageCollector.subscribe(uri, P + "node-b/status", pki.client("lantaarn-gateway-2").socketFactory())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !fresh.messages().isEmpty());
            assertThat(fresh.messages()).extracting(MessageCollector.Received::payload).containsExactly("online");
        }
        close(nodeB);
    }

    @Test
    void a_twin_consumers_and_the_gateways_certificates_cannot_publish_under_nodes() throws Exception {
        TlsFiles twinFiles = pki.twinConsumer("digital-twin");
        MqttAsyncClient twin = connect("digital-twin", twinFiles.socketFactory());
        assertThat(publish(twin, P + "digital-twin/obs/air", "{}")).as("twin consumer as a node named after itself").isEqualTo(135);
        close(twin);
        twin = connect("digital-twin", twinFiles.socketFactory());
        assertThat(publish(twin, P + "lp-1/status", "{}")).as("twin consumer as another node").isEqualTo(135);
        close(twin);

        TlsFiles gw = pki.client("lantaarn-gateway");
        MqttAsyncClient gateway = connect("lantaarn-gateway", gw.socketFactory());
        assertThat(publish(gateway, P + "lantaarn-gateway/obs/air", "{}")).as("gateway as a node named after itself").isEqualTo(135);
        close(gateway);
        gateway = connect("lantaarn-gateway", gw.socketFactory());
        assertThat(publish(gateway, P + "lp-1/status", "{}")).as("gateway as another node").isEqualTo(135);
        close(gateway);
        gateway = connect("lantaarn-gateway", gw.socketFactory());
        assertThat(publish(gateway, P + "lp-1/receipt", "{}")).as("the gateway's own right: a receipt").isLessThan(0x80);
        close(gateway);
    }

    @Test
    void a_publish_over_max_packet_size_is_refused_by_the_broker() throws Exception {
        TlsFiles node = pki.client("lp-1");
        byte[] big = new byte[MosquittoConfigWriter.MAX_PACKET_SIZE + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        Path bigFile = Files.write(dir.resolve("big.json"), big);
        try (MessageCollector watcher = MessageCollector.subscribe(uri, P + "#", pki.client("lantaarn-gateway").socketFactory())) {
            // MQTT 3.1.1 has no maximum packet size in CONNACK, so mosquitto_pub sends the packet and the broker must refuse it.
            Process p = new ProcessBuilder("mosquitto_pub", "-V", "mqttv311", "-q", "1", "-h", "127.0.0.1",
                    "-p", uri.substring(uri.lastIndexOf(':') + 1), "--cafile", pki.caFile().toString(), "--cert", node.cert().toString(),
                    "--key", node.key().toString(), "-t", P + "lp-1/obs/air", "-f", bigFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pub.log").toFile()).start();
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // over MQTT 5, Paho learns the limit from CONNACK: refused before it leaves, or by the broker
            MqttAsyncClient paho = connect("lp-1", node.socketFactory());
            assertThat(publish(paho, P + "lp-1/obs/air", big, false)).isGreaterThanOrEqualTo(0x80);
            close(paho);

            MqttAsyncClient after = connect("lp-1", node.socketFactory());
            assertThat(publish(after, P + "lp-1/obs/air", new byte[MosquittoConfigWriter.MAX_PACKET_SIZE / 2], false)).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(30)).until(() -> !watcher.messages().isEmpty());
            assertThat(watcher.messages()).extracting(m -> m.payload().length())
                    .containsExactly(MosquittoConfigWriter.MAX_PACKET_SIZE / 2);
            close(after);
        }
    }

    @Test
    void a_node_certificate_publishes_under_its_own_topic_but_not_under_another_nodes() throws Exception {
        try (MessageCollector gateway = MessageCollector.subscribe(uri, P + "#", pki.client("lantaarn-gateway").socketFactory())) {
            var lp1Files = pki.client("lp-1");
            MqttAsyncClient lp1 = connect("lp-1", lp1Files.socketFactory());
            assertThat(publish(lp1, P + "lp-1/obs/air", "own")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.messages().stream().anyMatch(m -> m.payload().equals("own")));

            int refused = publish(lp1, P + "lp-2/obs/air", "forged");
            close(lp1);
            MqttAsyncClient spoof = connect("lp-2", lp1Files.socketFactory());
            int spoofed = publish(spoof, P + "lp-2/status", "forged-status");
            close(spoof);
            MqttAsyncClient again = connect("lp-1-again", lp1Files.socketFactory());
            assertThat(publish(again, P + "lp-1/health", "marker")).isLessThan(0x80);

            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.messages().stream().anyMatch(m -> m.payload().equals("marker")));
            assertThat(refused).isEqualTo(135);
            assertThat(spoofed).isEqualTo(135);
            assertThat(gateway.messages()).extracting(MessageCollector.Received::payload).doesNotContain("forged", "forged-status");
            close(again);
        }
    }

    @Test
    void a_client_without_a_certificate_is_refused() {
        assertThatThrownBy(() -> connect("no-cert", pki.withoutClientCertificate())).isInstanceOf(MqttException.class);
    }

    @Test
    void plain_mqtt_is_not_spoken_on_the_broker() {
        assertThatThrownBy(() -> {
            MqttAsyncClient c = new MqttAsyncClient(uri.replace("ssl://", "tcp://"), "plain", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(3);
            c.connect(o).waitForCompletion(5_000);
        }).isInstanceOf(MqttException.class);
    }
}
