package org.lantaarn.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.TestClients;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;

class HttpApiTest {

    @Test
    void a_store_that_stopped_working_gives_503_on_healthz_and_a_500_problem_document_without_a_stack_trace(@TempDir Path dir) {
        JsonCodec codec = new JsonCodec();
        SqliteGatewayStore store = SqliteGatewayStore.open(dir, codec);
        try (HttpApi api = new HttpApi(store, new Fleet(store), codec, Clock.systemUTC(), () -> "disconnected",
                new ApiAccess(new TokenStore(dir), true, null, new AuditLog(dir)))) {
            api.start("127.0.0.1", 0);
            assertThat(TestClients.get(api.port(), "/healthz").status()).isEqualTo(200);

            store.close();

            TestClients.Answer health = TestClients.get(api.port(), "/healthz");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("mqtt").asText()).isEqualTo("disconnected");
            TestClients.Answer nodes = TestClients.get(api.port(), "/api/v1/nodes");
            assertThat(nodes.status()).isEqualTo(500);
            assertThat(nodes.contentType()).startsWith("application/problem+json");
            assertThat(nodes.json().get("error").asText()).isEqualTo("internal error");
            assertThat(nodes.json().toString()).doesNotContain("Exception").doesNotContain("at org.");
        }
    }
}
