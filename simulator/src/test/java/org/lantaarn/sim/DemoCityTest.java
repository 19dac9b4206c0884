package org.lantaarn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.sim.city.Scenario;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * The demo city through the real drivers: the lamppost at the event's square publishes Wi-Fi device counts
 * (pcap parser, keyed tokens, k suppression) and LAeq (A-weighting) from its virtual crowd and street noise, and
 * its device counts rise towards the event's peak. The day is compressed (one scenario hour in 15 s) and starts
 * at 20:00, so the peak at 21:30 comes within a minute.
 */
@Tag("integration")
class DemoCityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void wifi_and_sound_publish_real_values_and_the_crowd_grows_towards_the_event_peak(@TempDir Path dir) throws Exception {
        int nodes = 5;
        try (DemoCity city = DemoCity.start(new DemoCity.Options(MosquittoBroker.freePort(), 0, nodes, dir, Duration.ofSeconds(5),
                Duration.ofMinutes(6), 20.0, null))) {
            // post 2 of 0..4 is at x = 0.5, next to the event's square (x = 0.6)
            String node = "hinthamerstraat-03";
            String base = "http://localhost:" + city.gateway().httpPort() + "/api/v1/nodes/" + node + "/streams/";
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                List<Double> devices = values(http, base + "visitors/observations", "devices");
                double hour = city.scenario().hour(java.time.Instant.now());
                return hour > Scenario.EVENT_PEAK && devices.size() >= 4;
            });
            List<Double> devices = values(http, base + "visitors/observations", "devices");
            List<Double> laeq = values(http, base + "noise/observations", "LAeq");
            assertThat(devices).as("device counts per window").isNotEmpty();
            assertThat(devices.stream().filter(d -> d != null).count()).as("windows above k").isGreaterThanOrEqualTo(3);
            double first = devices.stream().filter(d -> d != null).findFirst().orElseThrow();
            double max = devices.stream().filter(d -> d != null).mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(max).as("the crowd peak: %s", devices).isGreaterThan(first * 1.5);
            assertThat(laeq).as("LAeq per window").isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(40.0, 100.0));
        }
    }

    /** The value {@code name} of every observation, in window order; {@code null} where it was suppressed. */
    private static List<Double> values(HttpClient http, String url, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        List<Double> out = new ArrayList<>();
        if (r.statusCode() != 200) {
            return out;
        }
        for (JsonNode o : MAPPER.readTree(r.body()).get("observations")) {
            JsonNode v = o.path("values").path(name);
            if (!v.isMissingNode()) {
                out.add(v.isNull() ? null : v.asDouble());
            }
        }
        return out;
    }
}
