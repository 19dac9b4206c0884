package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.audit.AuditAnchorPublisher;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/** The audit log's anchor leaves the gateway's disk: a retained message operators can keep and verify against. */
@Tag("integration")
class AuditAnchorWithMosquittoTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path dataDir;
    private MosquittoBroker broker;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_refused_call_moves_the_anchor_in_the_store_and_the_retained_copy_operators_read() throws Exception {
        broker = MosquittoBroker.start();
        gateway = Gateway.builder().config(GatewayConfig.external(broker.uri(), dataDir)).build().start();

        assertThat(TestClients.send(gateway.httpPort(), "GET", "/api/nodes", null, null).status()).isEqualTo(401);

        AuditAnchor stored = gateway.store().auditAnchor().orElseThrow();
        assertThat(stored.entries()).isEqualTo(1);
        // The anchor is published on a thread of its own: first see it reach the broker (live or retained), so that
        // the subscriber below comes later and can only get it as a retained message.
        try (MessageCollector first = MessageCollector.subscribe(broker.uri(), AuditAnchorPublisher.topic("lantaarn/v1"))) {
            await().atMost(WAIT).until(() -> first.messages().stream().anyMatch(m -> m.payload().contains(stored.head())));
        }
        // A subscriber that comes later still gets it: the anchor is retained.
        try (MessageCollector operator = MessageCollector.subscribe(broker.uri(), AuditAnchorPublisher.topic("lantaarn/v1"))) {
            await().atMost(WAIT).until(() -> !operator.messages().isEmpty());
            MessageCollector.Received m = operator.messages().getLast();
            assertThat(m.retained()).isTrue();
            JsonNode j = mapper.readTree(m.payload());
            assertThat(j.get("schema").asText()).isEqualTo(AuditAnchorPublisher.SCHEMA);
            assertThat(j.get("entries").asLong()).isEqualTo(1);
            assertThat(j.get("head").asText()).isEqualTo(stored.head());
        }
    }
}
