package org.lantaarn.node.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.OperatorKeys;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;

/** Done-when 2: every refusal has its own reason and keeps the old configuration; a config that cuts the uplink is rolled back. */
class ManagedNodeTest {
    static final String UNREACHABLE = "tcp://unreachable.invalid:1883";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final KeyPair operator = OperatorKeys.generate();
    private final JsonCodec codec = new JsonCodec();
    private ManagedNode node;

    static String doc(long version, String broker, String... streams) {
        StringBuilder s = new StringBuilder("""
                schema: lantaarn.config/1
                node: lp-1
                site: den-bosch
                version: %d
                location: {lat: 51.69, lon: 5.30}
                purpose: testing
                legalGround: public task
                uplink: {broker: "%s"}
                window: 60s
                streams:
                """.formatted(version, broker));
        for (String st : streams) {
            String[] p = st.split(":");
            s.append("  - {id: ").append(p[0]).append(", sensor: ").append(p[1]).append("}\n");
        }
        return s.toString();
    }

    private SignedConfig sign(String doc, KeyPair key) {
        return ConfigSignatures.sign(doc.getBytes(StandardCharsets.UTF_8), key.getPrivate(), key.getPublic());
    }

    private byte[] signed(String doc) {
        return codec.encode(sign(doc, operator));
    }

    @BeforeEach
    void start() {
        node = managed(dataDir);
        node.start();
    }

    private ManagedNode managed(Path dir) {
        var valid = (ConfigResult.Valid) ConfigLoader.parse(doc(3, "tcp://127.0.0.1:1883", "air:climate").getBytes(StandardCharsets.UTF_8));
        return ManagedNode.builder().config(valid.config(), valid.sha256()).dataDir(dir)
                .trustedKeys(TrustedKeys.of(operator.getPublic())).grace(Duration.ofSeconds(1))
                .providers(providers())
                .runtime(b -> b.uplink(FakeUplink::new)).build();
    }

    /** Test drivers under the sensor kinds a configuration may name; rain is absent. */
    static List<SensorDriverProvider> providers() {
        return List.of(as("climate", TestSensors.climate(Duration.ofSeconds(1))), as("motion", TestSensors.motion(Duration.ofSeconds(1), 1)),
                TestSensors.absent("rain"));
    }

    static SensorDriverProvider as(String sensor, SensorDriverProvider p) {
        return new SensorDriverProvider() {
            @Override
            public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
                return p.disclosures();
            }

            @Override
            public String sensor() {
                return sensor;
            }

            @Override
            public String driver() {
                return p.driver();
            }

            @Override
            public boolean isDefaultForSensor() {
                return true;
            }

            @Override
            public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
                return p.open(stream, context);
            }
        };
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private ConfigAck lastAckAfter(int count) {
        await().atMost(WAIT).until(() -> node.acks().size() > count);
        return node.acks().getLast();
    }

    private void assertStillRunsVersion3() {
        assertThat(node.activeConfig().version()).isEqualTo(3);
        assertThat(node.runtime().config().streams()).extracting(StreamConfig::id).containsExactly("air");
    }

    @Test
    void applies_a_signed_newer_version_swaps_the_streams_and_acks_applied_with_its_hash() throws Exception {
        String d = doc(4, "tcp://127.0.0.1:1883", "air:climate", "passers:motion");

        node.receive(signed(d));

        ConfigAck ack = lastAckAfter(0);
        assertThat(ack.result()).isEqualTo(ConfigAck.Result.APPLIED);
        assertThat(ack.version()).isEqualTo(4);
        assertThat(ack.sha256()).isEqualTo(ConfigSignatures.sha256(d.getBytes(StandardCharsets.UTF_8)));
        assertThat(node.runtime().config().streams()).extracting(StreamConfig::id).containsExactly("air", "passers");
        assertThat(dataDir.resolve("config/active.signed.json")).exists();
    }

    @Test
    void a_restarted_node_runs_the_configuration_it_applied_remotely() {
        node.receive(signed(doc(4, "tcp://127.0.0.1:1883", "air:climate", "passers:motion")));
        lastAckAfter(0);
        node.close();

        node = managed(dataDir);
        node.start();

        assertThat(node.activeConfig().version()).isEqualTo(4);
        assertThat(node.runtime().config().streams()).extracting(StreamConfig::id).containsExactly("air", "passers");
    }

    @Test
    void nacks_a_bad_signature_and_keeps_the_old_configuration() {
        SignedConfig s = sign(doc(4, "tcp://127.0.0.1:1883", "air:climate", "passers:motion"), operator);
        byte[] sig = s.signature();
        sig[0] ^= 1;

        node.receive(codec.encode(new SignedConfig(s.node(), s.version(), s.keyId(), s.document(), sig)));

        assertThat(lastAckAfter(0).reason()).startsWith("bad-signature: ");
        assertStillRunsVersion3();
    }

    @Test
    void after_a_badly_signed_envelope_a_correctly_signed_push_of_the_same_document_is_applied() {
        String d = doc(4, "tcp://127.0.0.1:1883", "air:climate", "passers:motion");
        SignedConfig good = sign(d, operator);
        byte[] sig = good.signature().clone();
        sig[0] ^= 1;
        byte[] forged = codec.encode(new SignedConfig(good.node(), good.version(), good.keyId(), good.document(), sig));
        node.receive(forged);
        assertThat(lastAckAfter(0).reason()).startsWith("bad-signature: ");
        node.receive(forged); // the same bad envelope again (a retained redelivery) is remembered and stays quiet

        node.receive(codec.encode(good));

        ConfigAck ack = lastAckAfter(1);
        assertThat(ack.result()).isEqualTo(ConfigAck.Result.APPLIED);
        assertThat(ack.version()).isEqualTo(4);
        assertThat(node.acks()).as("one nack for the bad envelope, one ack for the good one").hasSize(2);
        assertThat(node.runtime().config().streams()).extracting(StreamConfig::id).containsExactly("air", "passers");
    }

    @Test
    void nacks_a_document_signed_by_an_unknown_key_and_keeps_the_old_configuration() {
        node.receive(codec.encode(sign(doc(4, "tcp://127.0.0.1:1883", "passers:motion"), OperatorKeys.generate())));

        assertThat(lastAckAfter(0).reason()).startsWith("unknown-key: ");
        assertStillRunsVersion3();
    }

    @Test
    void nacks_a_replayed_older_or_equal_version_and_keeps_the_old_configuration() {
        node.receive(signed(doc(2, "tcp://127.0.0.1:1883", "passers:motion")));
        assertThat(lastAckAfter(0).reason()).startsWith("replayed-version: ");
        node.receive(signed(doc(3, "tcp://127.0.0.1:1883", "passers:motion")));
        assertThat(lastAckAfter(1).reason()).startsWith("replayed-version: ");

        assertStillRunsVersion3();
    }

    @Test
    void nacks_an_invalid_document_and_keeps_the_old_configuration() {
        byte[] bad = doc(4, "tcp://127.0.0.1:1883", "air:climate").replace("purpose: testing", "purpose: ''").getBytes(StandardCharsets.UTF_8);
        SignedConfig valid = sign(doc(4, "tcp://127.0.0.1:1883", "air:climate"), operator);
        // sign the invalid bytes directly: the signer itself refuses invalid documents
        byte[] sig;
        try {
            var s = java.security.Signature.getInstance("Ed25519");
            s.initSign(operator.getPrivate());
            s.update(bad);
            sig = s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }

        node.receive(codec.encode(new SignedConfig("lp-1", 4, valid.keyId(), bad, sig)));

        ConfigAck ack = lastAckAfter(0);
        assertThat(ack.result()).isEqualTo(ConfigAck.Result.REJECTED);
        assertThat(ack.reason()).startsWith("invalid-document: ");
        assertStillRunsVersion3();
    }

    @Test
    void nacks_an_oversized_document_and_keeps_the_old_configuration() {
        byte[] big = (doc(4, "tcp://127.0.0.1:1883", "air:climate") + "#" + "x".repeat(SignedConfig.MAX_DOCUMENT_BYTES)).getBytes(StandardCharsets.UTF_8);
        String envelope = "{\"schema\":\"lantaarn.signed-config/1\",\"node\":\"lp-1\",\"version\":4,\"keyId\":\"0123456789abcdef\","
                + "\"algorithm\":\"Ed25519\",\"document\":\"" + java.util.Base64.getEncoder().encodeToString(big)
                + "\",\"signature\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[64]) + "\"}";

        node.receive(envelope.getBytes(StandardCharsets.UTF_8));

        assertThat(lastAckAfter(0).reason()).startsWith("too-large: ");
        assertStillRunsVersion3();
    }

    @Test
    void nacks_a_document_whose_dry_run_fails_and_keeps_the_old_configuration() {
        node.receive(signed(doc(4, "tcp://127.0.0.1:1883", "air:climate", "gauge:rain")));

        ConfigAck ack = lastAckAfter(0);
        assertThat(ack.reason()).startsWith("dry-run-failed: ").contains("gauge");
        assertStillRunsVersion3();
    }

    @Test
    void rolls_back_a_configuration_that_cuts_the_uplink_and_never_tries_it_again() {
        byte[] cutting = signed(doc(4, UNREACHABLE, "air:climate", "passers:motion"));

        node.receive(cutting);

        ConfigAck ack = lastAckAfter(0);
        assertThat(ack.result()).isEqualTo(ConfigAck.Result.ROLLED_BACK);
        assertThat(ack.reason()).startsWith("rolled-back: ");
        assertThat(ack.version()).isEqualTo(4);
        assertStillRunsVersion3();
        assertThat(node.runtime().uplinkConnected()).isTrue();
        assertThat(dataDir.resolve("config/active.signed.json")).doesNotExist();

        node.receive(cutting); // the retained document comes again after the reconnect
        node.receive(signed(doc(5, "tcp://127.0.0.1:1883", "passers:motion")));
        assertThat(lastAckAfter(1).version()).isEqualTo(5);
        assertThat(node.acks()).hasSize(2);
    }

    /** An uplink without a network: connected unless its broker is {@link #UNREACHABLE}; records acks. */
    static final class FakeUplink implements Uplink {
        final List<ConfigAck> acks = new CopyOnWriteArrayList<>();
        private final boolean reachable;
        private volatile boolean closed;

        FakeUplink(UplinkContext ctx) {
            this.reachable = !ctx.config().uplink().broker().equals(UNREACHABLE);
        }

        @Override
        public void start() {}

        @Override
        public boolean isConnected() {
            return reachable && !closed;
        }

        @Override
        public void outboxChanged() {}

        @Override
        public boolean publishHealth(Health health) {
            return isConnected();
        }

        @Override
        public boolean publishConfigAck(ConfigAck ack) {
            if (!isConnected()) {
                return false;
            }
            acks.add(ack);
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

}
