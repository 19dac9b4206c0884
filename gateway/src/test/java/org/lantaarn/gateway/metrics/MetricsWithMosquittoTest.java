package org.lantaarn.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.health;
import static org.lantaarn.gateway.Fixtures.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.TestClients.NodePublisher;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.protocol.Topics;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * {@code /metrics} as Prometheus scrapes it, against a real Mosquitto: it needs a viewer token by default, and its
 * ingest, rejection, store-latency, twin, per-node age and outbox values move with the traffic a node sends.
 */
@Tag("integration")
class MetricsWithMosquittoTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Topics topics = Topics.defaults();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private MosquittoBroker broker;
    private Gateway gateway;
    private NodePublisher node;
    private String viewer;

    @BeforeEach
    void start() {
        broker = MosquittoBroker.start();
        viewer = new TokenStore(dataDir).create("prometheus", Role.VIEWER, Instant.now());
        gateway = Gateway.builder().config(GatewayConfig.external(broker.uri(), dataDir)).build().start();
        node = new NodePublisher(broker.uri());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private HttpResponse<String> scrape(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double value(String series) throws Exception {
        String text = scrape(viewer).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void metrics_need_a_viewer_token_when_reads_are_closed() throws Exception {
        assertThat(scrape(null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = scrape(viewer);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(ok.body()).contains("# TYPE lantaarn_ingest_messages_total counter");
    }

    @Test
    void ingest_rejection_store_twin_and_per_node_values_move_with_traffic() throws Exception {
        assertThat(value("lantaarn_ingest_messages_total{outcome=\"stored\"}")).isZero();

        node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
        for (long seq = 1; seq <= 5; seq++) {
            node.send(topics.obs("n1", "climate"), observation("n1", seq), false);
        }
        node.send(topics.health("n1"), health("n1"), false);
        node.raw(topics.obs("n1", "climate"), "{not json");
        node.raw(topics.obs("n1", "climate"), "{not json either");

        await().atMost(WAIT).until(() -> value("lantaarn_ingest_messages_total{outcome=\"stored\"}") == 7.0);
        await().atMost(WAIT).until(() -> value("lantaarn_ingest_messages_total{outcome=\"rejected\"}") == 2.0);
        String text = scrape(viewer).body();
        assertThat(text).containsPattern("lantaarn_rejections_total\\{reason=\"[a-z-]+\"} 2\\.0");
        assertThat(value("lantaarn_ingest_store_seconds_count")).isEqualTo(7.0);
        assertThat(value("lantaarn_ingest_store_seconds_sum")).isPositive();
        assertThat(value("lantaarn_node_outbox_depth{node=\"n1\"}")).isEqualTo(4.0);
        assertThat(value("lantaarn_node_outbox_oldest_unconfirmed_seconds{node=\"n1\"}")).isEqualTo(12.0);
        assertThat(value("lantaarn_node_last_message_age_seconds{node=\"n1\"}")).isBetween(0.0, 60.0);
        assertThat(value("lantaarn_nodes{state=\"online\"}")).isEqualTo(1.0);
        await().atMost(WAIT).until(() -> value("lantaarn_twin_backlog_messages") == 0.0);

        node.send(topics.obs("n1", "climate"), observation("n1", 6), false);
        await().atMost(WAIT).until(() -> value("lantaarn_ingest_messages_total{outcome=\"stored\"}") == 8.0);
    }
}
