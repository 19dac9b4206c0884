package org.lantaarn.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfigException;
import org.lantaarn.gateway.TestClients;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;

/** The console's routes on the API server, with reads closed: settings, audit, metrics, events and the CSP. */
class ConsoleRoutesTest {
    @TempDir
    Path dir;
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
        AuditLog audit = new AuditLog(dir);
        audit.append(Instant.now(), "alice", "config.push", "lp-1", "version 2");
        api = new HttpApi(store, new Fleet(store), codec, Clock.systemUTC(), () -> "connected",
                new ApiAccess(tokens, false, null, audit))
                .console(new Console(() -> "lantaarn_up 1\n", "https://tiles.example.org/{z}/{x}/{y}.png", audit));
        api.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        api.close();
        store.close();
    }

    @Test
    void the_console_settings_name_the_tile_server_and_the_callers_role() {
        TestClients.Answer a = TestClients.send(api.port(), "GET", "/api/v1/console", viewer, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("tileUrl").asText()).isEqualTo("https://tiles.example.org/{z}/{x}/{y}.png");
        assertThat(a.json().get("role").asText()).isEqualTo("viewer");
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/console", null, null).status()).isEqualTo(401);
    }

    @Test
    void the_audit_log_is_for_operators_only() {
        assertThat(TestClients.send(api.port(), "GET", "/api/v1/audit", viewer, null).status()).isEqualTo(403);
        TestClients.Answer a = TestClients.send(api.port(), "GET", "/api/v1/audit", operator, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("entries").toString()).contains("config.push").contains("lp-1");
    }

    @Test
    void metrics_need_a_token_and_every_response_carries_the_policy_with_the_tile_origin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(401);
        String csp = open.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("img-src 'self' data: https://tiles.example.org;").contains("script-src 'self';")
                .doesNotContain("unsafe");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/metrics"))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("lantaarn_up 1\n");
    }

    @Test
    void the_event_stream_sends_the_fleet_at_once() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: fleet");
            assertThat(in.readLine()).startsWith("data: {\"count\":0,\"nodes\":[]}");
        }
    }

    @Test
    void a_tile_url_that_is_not_an_https_template_is_refused_by_name() {
        assertThatThrownBy(() -> Gateway.builder().tileUrl("http://tiles.example.org/{z}/{x}/{y}.png"))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("tileUrl must be an https URL template");
        assertThatThrownBy(() -> Gateway.builder().tileUrl("https://evil.example.org/x.png'; script-src *"))
                .isInstanceOf(GatewayConfigException.class);
    }
}
