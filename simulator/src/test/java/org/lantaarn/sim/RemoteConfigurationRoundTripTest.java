package org.lantaarn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.cli.ConfigCli;
import org.lantaarn.config.pki.TlsFiles;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.SecuritySettings;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.broker.MosquittoConfigWriter;
import org.lantaarn.node.control.ManagedNode;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/**
 * Done-when 3, end to end over mutual TLS and the generated broker ACL: an operator signs a configuration, pushes it
 * through the gateway's API, the node applies it and its streams change, and the gateway reports the new version.
 */
@Tag("integration")
class RemoteConfigurationRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static String doc(long version, String broker, TlsFiles tls, String extraStream) {
        return """
                schema: lantaarn.config/1
                node: lp-rt
                site: den-bosch
                version: %d
                location: {lat: 51.6886, lon: 5.3042}
                purpose: test the round trip of a remote configuration
                legalGround: public task
                uplink:
                  broker: "%s"
                  tls: {ca: "%s", cert: "%s", key: "%s"}
                window: 1s
                streams:
                  - {id: air, sensor: climate, driver: simulated, interval: 1s}
                %s""".formatted(version, broker, tls.ca(), tls.cert(), tls.key(), extraStream);
    }

    private JsonNode get(int port, String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    @Test
    void an_operator_signs_and_pushes_a_configuration_the_node_applies_it_and_the_gateway_reports_the_new_version() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TlsFiles server = pki.server("broker");
        int port = MosquittoBroker.freePort();
        Path conf = MosquittoConfigWriter.builder().listener("127.0.0.1", port).tls(pki.caFile(), server.cert(), server.key())
                .persistence(dir.resolve("broker-data")).build().write(dir.resolve("broker"));
        String brokerUri = "ssl://127.0.0.1:" + port;
        assertThat(ConfigCli.commandLine().execute("keygen", "--out", dir.resolve("keys").toString(), "--name", "alice")).isZero();

        try (MosquittoBroker broker = MosquittoBroker.startWithConfig(Files.readString(conf), port)) {
            Path gatewayData = dir.resolve("gateway");
            String token = new TokenStore(gatewayData).create("alice", Role.OPERATOR, Instant.now());
            Files.writeString(dir.resolve("token"), token);
            GatewayConfig gc = GatewayConfig.external(brokerUri, gatewayData)
                    .withSecurity(new SecuritySettings(dir.resolve("keys/alice.pub"), false, pki.client("lantaarn-gateway")));
            TlsFiles nodeTls = pki.client("lp-rt");
            var v1 = (ConfigResult.Valid) ConfigLoader.parse(doc(1, brokerUri, nodeTls, "").getBytes(StandardCharsets.UTF_8));
            try (Gateway gateway = Gateway.builder().config(gc).build().start();
                 ManagedNode node = ManagedNode.builder().config(v1.config(), v1.sha256()).dataDir(dir.resolve("node"))
                         .trustedKeys(TrustedKeys.load(dir.resolve("keys"))).grace(Duration.ofSeconds(30)).build()) {
                node.start();
                int http = gateway.httpPort();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode n = get(http, "/api/v1/nodes/lp-rt", token);
                    return n != null && n.path("state").asText().equals("online") && n.path("configVersion").asLong() == 1;
                });

                Path v2 = dir.resolve("v2.yaml");
                Files.writeString(v2, doc(2, brokerUri, nodeTls, "  - {id: passers, sensor: motion, driver: simulated, interval: 1s}\n"));
                assertThat(ConfigCli.commandLine().execute("sign", "--key", dir.resolve("keys/alice.key").toString(),
                        "--out", dir.resolve("v2.signed.json").toString(), v2.toString())).isZero();
                assertThat(ConfigCli.commandLine().execute("push", "--gateway", "http://127.0.0.1:" + http,
                        "--token-file", dir.resolve("token").toString(), dir.resolve("v2.signed.json").toString())).isZero();

                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    JsonNode n = get(http, "/api/v1/nodes/lp-rt", token);
                    return n != null && n.at("/rollout/state").asText().equals("in-sync")
                            && n.at("/rollout/lastAck/result").asText().equals("applied");
                });
                JsonNode n = get(http, "/api/v1/nodes/lp-rt", token);
                assertThat(n.at("/rollout/desiredVersion").asLong()).isEqualTo(2);
                assertThat(n.at("/rollout/reportedVersion").asLong()).isEqualTo(2);
                assertThat(n.at("/rollout/pushedBy").asText()).isEqualTo("alice");
                assertThat(n.get("configVersion").asLong()).isEqualTo(2);
                assertThat(n.get("streams").findValuesAsText("id")).contains("air", "passers");
                assertThat(node.activeConfig().version()).isEqualTo(2);
                // the new stream's observations reach the gateway
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode obs = get(http, "/api/v1/nodes/lp-rt/streams/passers/observations", token);
                    return obs != null && obs.get("count").asInt() > 0;
                });
            }
        }
    }
}
