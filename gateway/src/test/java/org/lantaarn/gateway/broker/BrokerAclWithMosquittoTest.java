package org.lantaarn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/** Done-when 1: a real Mosquitto started with the configuration {@code lantaarn-gateway broker-config} writes. */
@Tag("integration")
class BrokerAclWithMosquittoTest {
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
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--persistence", dir.resolve("data").toString());
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
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(tls);
        o.setConnectionTimeout(5);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** The PUBACK reason of a QoS 1 publish; a refused publish may also surface as an exception carrying it. */
    static int publish(MqttAsyncClient c, String topic, String payload) {
        try {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = c.publish(topic, m);
            t.waitForCompletion(10_000);
            int[] rc = t.getReasonCodes();
            return rc == null || rc.length == 0 ? 0 : rc[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    void the_generated_configuration_has_one_tls_listener_that_requires_certificates_and_acl_rules_bound_to_the_cn() throws Exception {
        assertThat(conf.lines().filter(l -> l.startsWith("listener "))).hasSize(1);
        assertThat(conf).contains("require_certificate true").contains("use_identity_as_username true").contains("allow_anonymous false");
        String acl = Files.readString(dir.resolve("broker/lantaarn.acl"));
        assertThat(acl).contains("pattern write lantaarn/v1/nodes/%u/obs/+").contains("pattern read lantaarn/v1/nodes/%u/config")
                ;
        assertThat(acl.lines().filter(l -> !l.startsWith("#"))).noneMatch(l -> l.contains("%c"));
    }

    @Test
    void a_node_certificate_publishes_under_its_own_topic_but_not_under_another_nodes() throws Exception {
        try (MessageCollector gateway = MessageCollector.subscribe(uri, "lantaarn/v1/nodes/#", pki.client("lantaarn-gateway").socketFactory())) {
            var lp1Files = pki.client("lp-1");
            MqttAsyncClient lp1 = connect("lp-1", lp1Files.socketFactory());
            assertThat(publish(lp1, "lantaarn/v1/nodes/lp-1/obs/air", "own")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.messages().stream().anyMatch(m -> m.payload().equals("own")));

            int refused = publish(lp1, "lantaarn/v1/nodes/lp-2/obs/air", "forged");
            // lp-1's certificate again, now claiming lp-2's client id: %u is the CN, so this changes nothing
            MqttAsyncClient spoof = connect("lp-2", lp1Files.socketFactory());
            int spoofed = publish(spoof, "lantaarn/v1/nodes/lp-2/status", "forged-status");
            assertThat(publish(connect("lp-1-again", lp1Files.socketFactory()), "lantaarn/v1/nodes/lp-1/health", "marker"))
                    .isLessThan(0x80);

            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.messages().stream().anyMatch(m -> m.payload().equals("marker")));
            assertThat(refused).isEqualTo(135);
            assertThat(spoofed).isEqualTo(135);
            assertThat(gateway.messages()).extracting(MessageCollector.Received::payload).doesNotContain("forged", "forged-status");
            for (MqttAsyncClient c : List.of(lp1, spoof)) {
                c.disconnectForcibly(0, 0, false);
                c.close(true);
            }
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
