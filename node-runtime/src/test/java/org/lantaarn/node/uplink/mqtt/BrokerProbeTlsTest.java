package org.lantaarn.node.uplink.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.TlsConfig;
import org.lantaarn.config.UplinkConfig;
import org.lantaarn.config.pki.TlsFiles;
import org.lantaarn.protocol.Location;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/** The technician's broker check connects with the node's own certificate when the uplink uses mutual TLS. */
@Tag("integration")
class BrokerProbeTlsTest {
    @TempDir
    Path dir;

    private static NodeConfig node(String broker, TlsFiles files) {
        return new NodeConfig("lp-probe", "test-site", 1, new Location(51.69, 5.30, null, null), "test", "test",
                new UplinkConfig(broker, null, new TlsConfig(files.ca(), files.cert(), files.key()), null, null),
                Duration.ofSeconds(60), List.of(StreamConfig.of("air", "climate", "simulated")));
    }

    @Test
    void the_probe_passes_with_the_node_certificate_and_names_the_failure_with_a_foreign_one() {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki stranger = new TestPki(dir.resolve("stranger"));
        TlsFiles server = pki.server("broker");
        int port = MosquittoBroker.freePort();
        String conf = """
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                use_identity_as_username true
                allow_anonymous false
                """.formatted(port, server.ca(), server.cert(), server.key());
        try (MosquittoBroker broker = MosquittoBroker.startWithConfig(conf, port)) {
            String uri = "ssl://127.0.0.1:" + port;
            TlsFiles own = pki.client("lp-probe");

            assertThat(BrokerProbe.connect(node(uri, own), Duration.ofSeconds(5))).isEmpty();
            assertThat(BrokerProbe.connect(node(uri, stranger.client("lp-probe")), Duration.ofSeconds(5))).isPresent();
            assertThat(BrokerProbe.connect(node("tcp://127.0.0.1:" + port, own), Duration.ofSeconds(5)))
                    .hasValueSatisfying(why -> assertThat(why).contains("plain tcp://"));
        }
    }
}
