package org.lantaarn.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.WireSchemas;
import picocli.CommandLine;

/**
 * {@code lantaarn-sim demo} as a user runs it (through {@code ./lantaarn demo}), on free ports: within
 * 60 s of saying it started, the twin topics carry observations of all 20 nodes, and the gateway API
 * lists 20 nodes online. Then it stops by itself and says so.
 */
@Tag("integration")
class DemoCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void demo_feeds_the_twin_with_all_twenty_nodes_and_lists_them_online(@TempDir Path dir) throws Exception {
        int mqttPort = MosquittoBroker.freePort();
        int httpPort = MosquittoBroker.freePort();
        StringWriter output = new StringWriter();
        CommandLine cl = SimCli.commandLine();
        cl.setOut(new PrintWriter(output, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("demo",
                "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(httpPort),
                "--duration", "60s", "--data-dir", dir.toString()));

        await().atMost(Duration.ofSeconds(60)).until(() -> output.toString().contains("Lantaarn demo started."));
        assertThat(output.toString()).contains("tcp://127.0.0.1:" + mqttPort).contains("http://localhost:" + httpPort);

        // The demo stops by itself 60 s after "started": everything below must be seen before, so the wait for the
        // twin stays well inside that (it ran 30 s while this wait allowed 60 s: a slow start ran into the stop).
        try (MessageCollector twin = MessageCollector.subscribe("tcp://127.0.0.1:" + mqttPort, "lantaarn/v1/twin/#")) {
            await().atMost(Duration.ofSeconds(45)).until(() -> observedNodes(twin).size() == 20);
            for (MessageCollector.Received m : twin.messages()) {
                assertThat(WireSchemas.violations(m.payload())).as(m.payload()).isEmpty();
            }
        }

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/nodes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nodes.statusCode()).isEqualTo(200);
        JsonNode list = MAPPER.readTree(nodes.body()).get("nodes");
        assertThat(list).hasSize(20);
        assertThat(list).allSatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("online"));

        assertThat(exit.get(90, TimeUnit.SECONDS)).isZero();
        assertThat(output.toString()).contains("Lantaarn demo stopped.");
    }

    private static Set<String> observedNodes(MessageCollector twin) throws Exception {
        Set<String> nodes = new TreeSet<>();
        for (MessageCollector.Received m : twin.messages()) {
            JsonNode json = MAPPER.readTree(m.payload());
            if (json.path("schema").asText().equals("lantaarn.obs/1")) {
                nodes.add(json.get("node").asText());
            }
        }
        return nodes;
    }
}
