package org.lantaarn.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.OperatorKeys;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.gateway.TestClients;
import org.lantaarn.gateway.TestClients.Answer;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.rollout.ConfigRollout;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;

/** Done-when 4: tokens and roles on the API, and an audit log whose chain shows tampering. */
class ApiAccessTest {
    static final String DOC = """
            schema: lantaarn.config/1
            node: lp-1
            site: den-bosch
            version: 5
            location: {lat: 51.69, lon: 5.30}
            purpose: testing
            legalGround: public task
            uplink: {broker: "tcp://127.0.0.1:1883"}
            streams:
              - {id: air, sensor: climate}
            """;

    @TempDir
    Path dir;

    record Published(String topic, byte[] payload, int qos, boolean retained) {}

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final KeyPair operatorKey = OperatorKeys.generate();
    private final JsonCodec codec = new JsonCodec();
    private SqliteGatewayStore store;
    private HttpApi api;
    private String operator;
    private String viewer;

    @BeforeEach
    void start() {
        store = SqliteGatewayStore.open(dir, codec);
        TokenStore tokens = new TokenStore(dir);
        operator = tokens.create("alice", Role.OPERATOR, Instant.now());
        viewer = tokens.create("bob", Role.VIEWER, Instant.now());
        Publisher publisher = new Publisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained) {
                published.add(new Published(topic, payload, qos, retained));
            }

            @Override
            public boolean isConnected() {
                return true;
            }
        };
        ConfigRollout rollout = new ConfigRollout(publisher, codec, TrustedKeys.of(operatorKey.getPublic()), store, Clock.systemUTC());
        api = new HttpApi(store, new Fleet(store), codec, Clock.systemUTC(), () -> "connected",
                new ApiAccess(tokens, false, rollout, new AuditLog(dir, null, store::storeAuditAnchor)));
        api.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        api.close();
        store.close();
    }

    private byte[] signed(KeyPair key) {
        return codec.encode(ConfigSignatures.sign(DOC.getBytes(StandardCharsets.UTF_8), key.getPrivate(), key.getPublic()));
    }

    private Answer put(String token, byte[] body) {
        return TestClients.send(api.port(), "PUT", "/api/v1/nodes/lp-1/config", token, body);
    }

    @Test
    void a_change_without_a_token_gets_401_and_with_a_viewer_token_403_and_nothing_is_published() {
        assertThat(put(null, signed(operatorKey)).status()).isEqualTo(401);
        assertThat(put("lt_not-a-token", signed(operatorKey)).status()).isEqualTo(401);
        Answer asViewer = put(viewer, signed(operatorKey));

        assertThat(asViewer.status()).isEqualTo(403);
        assertThat(asViewer.json().get("error").asText()).contains("operator role");
        assertThat(published).isEmpty();
    }

    @Test
    void an_operator_token_pushes_a_signed_configuration_retained_on_the_nodes_config_topic() {
        Answer a = put(operator, signed(operatorKey));

        assertThat(a.status()).isEqualTo(202);
        assertThat(a.json().get("desiredVersion").asLong()).isEqualTo(5);
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo("lantaarn/v1/nodes/lp-1/config");
            assertThat(p.retained()).isTrue();
            assertThat(p.qos()).isEqualTo(1);
        });
        assertThat(store.desiredConfig("lp-1")).hasValueSatisfying(d -> assertThat(d.by()).isEqualTo("alice"));
    }

    @Test
    void the_gateway_refuses_a_configuration_signed_by_an_untrusted_key_or_for_another_node() {
        Answer stranger = put(operator, signed(OperatorKeys.generate()));
        SignedConfig s = ConfigSignatures.sign(DOC.getBytes(StandardCharsets.UTF_8), operatorKey.getPrivate(), operatorKey.getPublic());
        Answer elsewhere = TestClients.send(api.port(), "PUT", "/api/v1/nodes/lp-2/config", operator, codec.encode(s));
        Answer garbage = put(operator, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(stranger.status()).isEqualTo(422);
        assertThat(stranger.json().get("error").asText()).startsWith("unknown-key");
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.json().get("error").asText()).startsWith("node-mismatch");
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(published).isEmpty();
    }

    @Test
    void reads_need_a_viewer_token_and_healthz_stays_open() {
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", null, null).status()).isEqualTo(401);
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", viewer, null).status()).isEqualTo(200);
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", operator, null).status()).isEqualTo(200);
        assertThat(TestClients.get(api.port(), "/healthz").status()).isEqualTo(200);
    }

    @Test
    void tokens_are_stored_only_as_hashes() throws Exception {
        String file = Files.readString(dir.resolve(TokenStore.FILE_NAME));

        assertThat(file).doesNotContain(operator).doesNotContain(viewer).contains("\"name\":\"alice\"");
    }

    @Test
    void the_audit_log_records_who_changed_what_verifies_and_shows_a_tampered_entry() throws Exception {
        put(operator, signed(operatorKey));
        put(viewer, signed(operatorKey));
        put(operator, signed(OperatorKeys.generate()));
        Path log = dir.resolve(AuditLog.FILE_NAME);

        AuditLog.Verification ok = AuditLog.verify(log);
        assertThat(ok.intact()).isTrue();
        assertThat(ok.entries()).isEqualTo(3);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).contains("\"actor\":\"alice\"").contains("\"action\":\"config.push\"").contains("version 5");
        assertThat(lines.get(1)).contains("\"actor\":\"bob\"").contains("denied");
        assertThat(GatewayCli.commandLine().execute("audit", "verify", "--file", log.toString())).isZero();

        lines.set(1, lines.get(1).replace("\"bob\"", "\"mallory\""));
        Files.write(log, lines);

        AuditLog.Verification broken = AuditLog.verify(log);
        assertThat(broken.intact()).isFalse();
        assertThat(broken.line()).isEqualTo(2);
        assertThat(broken.problem()).contains("changed");
        assertThat(GatewayCli.commandLine().execute("audit", "verify", "--file", log.toString())).isEqualTo(1);
    }

    @Test
    void every_refused_call_is_in_the_audit_log_with_who_what_and_why_but_never_the_token() throws Exception {
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", null, null).status()).isEqualTo(401);
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", "lt_guessed-token", null).status()).isEqualTo(401);
        assertThat(put(viewer, signed(operatorKey)).status()).isEqualTo(403);
        assertThat(put(operator, new byte[JsonCodec.MAX_SIGNED_CONFIG_BYTES + 1]).status()).isEqualTo(413);
        assertThat(put(operator, "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(422);
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/nodes", viewer, null).status()).as("allowed reads are not logged").isEqualTo(200);

        List<String> lines = Files.readAllLines(dir.resolve(AuditLog.FILE_NAME));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("\"actor\":\"anonymous\"", "\"action\":\"unauthenticated\"", "GET /api/v1/nodes", "401");
        assertThat(lines.get(1)).contains("\"actor\":\"unknown-token\"", "401").doesNotContain("guessed");
        assertThat(lines.get(2)).contains("\"actor\":\"bob\"", "\"action\":\"denied\"", "PUT /api/v1/nodes/lp-1/config", "403");
        assertThat(lines.get(3)).contains("\"actor\":\"alice\"", "config.push.refused", "413");
        assertThat(lines.get(4)).contains("\"actor\":\"alice\"", "config.push.refused", "422");
        assertThat(String.join("\n", lines)).doesNotContain(operator).doesNotContain(viewer);
        assertThat(store.auditAnchor()).hasValueSatisfying(a -> assertThat(a.entries()).isEqualTo(5));
        assertThat(GatewayCli.commandLine().execute("audit", "verify", "--data-dir", dir.toString())).isZero();
    }

    @Test
    void removing_an_entry_breaks_the_chain_too() throws Exception {
        put(operator, signed(operatorKey));
        put(viewer, signed(operatorKey));
        put(operator, signed(operatorKey));
        Path log = dir.resolve(AuditLog.FILE_NAME);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
        lines.remove(1);
        Files.write(log, lines);

        assertThat(AuditLog.verify(log).intact()).isFalse();
    }
}
