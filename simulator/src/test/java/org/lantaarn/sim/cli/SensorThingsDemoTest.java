package org.lantaarn.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.testkit.MosquittoBroker;
import picocli.CommandLine;

/**
 * The demo city's gateway seen through SensorThings, over HTTP only: every node is a Thing with a Location, every
 * published value a Datastream with a UCUM unit, and the Observations of a Datastream are exactly the gateway's stored
 * windows of that value ({@code /api/v1/nodes/{node}/streams/{stream}/observations}), suppressed ones marked as
 * docs/protocol.md says (result null, flag {@code suppressed}, reason {@code privacy}).
 */
@Tag("integration")
class SensorThingsDemoTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> UCUM = Map.of("Cel", "Cel", "%RH", "%", "Pa", "Pa", "ug/m3", "ug/m3",
            "count", "{count}", "/", "1", "dB", "dB", "mm", "mm", "mm/h", "mm/h", "s", "s");
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @Test
    void the_demo_citys_windows_are_sensorthings_things_datastreams_and_observations(@TempDir Path dir) throws Exception {
        int mqttPort = MosquittoBroker.freePort();
        port = MosquittoBroker.freePort();
        StringWriter output = new StringWriter();
        CommandLine cl = SimCli.commandLine();
        cl.setOut(new PrintWriter(output, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("demo",
                "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(port),
                "--duration", "120s", "--data-dir", dir.toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> output.toString().contains("Lantaarn demo started."));

        // every node has stored at least three windows of every stream. The demo stops by itself 120 s after "started":
        // this wait (80 s) and the checks below must fit in before that (with 90 s, a slow start left 10 s for them).
        await().atMost(Duration.ofSeconds(80)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode nodes = get("/api/v1/nodes").get("nodes");
            if (nodes.size() < 20) {
                return false;
            }
            for (JsonNode n : nodes) {
                if (n.get("streams").size() == 0 || n.path("counts").path("observations").asInt() < 3L * n.get("streams").size()) {
                    return false;
                }
            }
            return true;
        });

        JsonNode nodes = get("/api/v1/nodes").get("nodes");
        int datastreams = 0;
        for (JsonNode n : nodes) {
            String node = n.get("node").asText();
            JsonNode thing = get("/sta/v1.1/Things(" + quoted(node) + ")?$expand=Locations,Datastreams");
            assertThat(thing.get("Locations")).as(node + " has a Location").hasSize(1);
            assertThat(thing.at("/Locations/0/location/coordinates/1").asDouble()).isEqualTo(n.at("/location/lat").asDouble());
            assertThat(thing.at("/properties/site").asText()).isEqualTo(n.get("site").asText());
            for (JsonNode s : n.get("streams")) {
                String stream = s.get("id").asText();
                JsonNode windows = get("/api/v1/nodes/" + node + "/streams/" + stream + "/observations?limit=10000&from=2000-01-01T00:00:00Z");
                Map<String, JsonNode> units = new java.util.TreeMap<>();
                windows.get("observations").forEach(w -> w.get("units").properties().forEach(u -> units.put(u.getKey(), u.getValue())));
                assertThat(units).as(node + "/" + stream + " published values").isNotEmpty();
                for (Map.Entry<String, JsonNode> u : units.entrySet()) {
                    String id = node + ":" + stream + ":" + u.getKey();
                    JsonNode ds = get("/sta/v1.1/Datastreams(" + quoted(id) + ")");
                    assertThat(ds.at("/unitOfMeasurement/symbol").asText()).as(id).isEqualTo(UCUM.get(u.getValue().asText()));
                    assertThat(ds.at("/unitOfMeasurement/definition").asText()).contains("unitsofmeasure.org");
                    datastreams++;
                }
            }
        }
        assertThat(datastreams).isGreaterThanOrEqualTo(20 * 3);

        int suppressed = 0;
        int compared = 0;
        for (JsonNode n : List.of(nodes.get(0), nodes.get(nodes.size() - 1))) {
            for (JsonNode s : n.get("streams")) {
                suppressed += sameWindows(n.get("node").asText(), s.get("id").asText(), "");
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(2);
        System.out.println("SensorThings demo check: " + nodes.size() + " Things, " + datastreams + " Datastreams, "
                + compared + " Datastreams' Observations compared with the stored windows, " + suppressed + " suppressed Observations among them");

        assertThat(exit.get(150, TimeUnit.SECONDS)).isZero();
    }

    /**
     * Compares a Datastream's Observations with the stored windows of the first value whose name starts with
     * {@code prefix} ({@code ""}: the first value; a value some window suppressed when there is one), up to the
     * latest window's start.
     */
    private int sameWindows(String node, String stream, String prefix) throws Exception {
        JsonNode all = get("/api/v1/nodes/" + node + "/streams/" + stream + "/observations?from=2000-01-01T00:00:00Z&limit=10000")
                .get("observations");
        String value = null;
        for (JsonNode w : all) {
            for (JsonNode name : w.path("privacy").path("suppressed")) {
                if (value == null && name.asText().startsWith(prefix)) {
                    value = name.asText();
                }
            }
        }
        if (value == null) {
            value = all.get(all.size() - 1).get("units").propertyStream().map(Map.Entry::getKey).filter(k -> k.startsWith(prefix))
                    .findFirst().orElseThrow(() -> new AssertionError("no value " + prefix + "* in " + all.get(all.size() - 1)));
        }
        String until = all.get(all.size() - 1).get("start").asText();
        JsonNode storedWindows = get("/api/v1/nodes/" + node + "/streams/" + stream + "/observations?from=2000-01-01T00:00:00Z&limit=10000&to=" + until)
                .get("observations");
        // the windows that carry the value (a window without samples carries none)
        List<JsonNode> stored = new ArrayList<>();
        for (JsonNode w : storedWindows) {
            if (w.get("values").has(value)) {
                stored.add(w);
            }
        }
        String id = node + ":" + stream + ":" + value;
        List<JsonNode> sta = new ArrayList<>();
        String next = "/sta/v1.1/Datastreams(" + quoted(id) + ")/Observations?$count=true&$orderby=phenomenonTime&$top=7&$filter="
                + enc("phenomenonTime le " + until);
        int count = -1;
        while (next != null) {
            JsonNode page = get(next);
            if (count < 0) {
                count = page.get("@iot.count").asInt();
            }
            page.get("value").forEach(sta::add);
            next = page.has("@iot.nextLink") ? page.get("@iot.nextLink").asText().replaceFirst("^http://[^/]+", "") : null;
        }
        assertThat(count).as(id + " count").isEqualTo(stored.size());
        assertThat(sta).as(id).hasSize(stored.size());
        int suppressed = 0;
        for (int i = 0; i < stored.size(); i++) {
            JsonNode w = stored.get(i);
            JsonNode o = sta.get(i);
            assertThat(o.get("phenomenonTime").asText()).isEqualTo(w.get("start").asText() + "/" + w.get("end").asText());
            assertThat(o.get("@iot.id").asText()).isEqualTo(node + ":" + stream + ":" + w.get("seq").asLong() + ":" + value);
            JsonNode v = w.get("values").get(value);
            boolean isSuppressed = w.path("privacy").path("suppressed").toString().contains("\"" + value + "\"");
            if (isSuppressed) {
                suppressed++;
                assertThat(o.get("result").isNull()).isTrue();
                assertThat(o.at("/resultQuality/flags").toString()).contains("\"suppressed\"");
                assertThat(o.at("/resultQuality/reason").asText()).isEqualTo("privacy");
                assertThat(o.at("/parameters/privacy/suppressed").asBoolean()).isTrue();
            } else {
                assertThat(o.get("result").asDouble()).as(id + " window " + w.get("seq")).isEqualTo(v.asDouble());
                assertThat(o.at("/parameters/privacy/suppressed").asBoolean()).isFalse();
            }
        }
        return suppressed;
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + " -> " + r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    private static String quoted(String id) {
        return enc("'" + id + "'");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
