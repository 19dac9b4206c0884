package org.lantaarn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityParsingTest {
    @Test
    void a_twin_line_is_keyed_by_its_node_and_seq_and_a_status_line_is_not_counted() {
        assertThat(CityRig.TwinCounter.key("lantaarn/v1/twin/site/city-001/noise {\"node\":\"city-001\",\"seq\":42,\"x\":1}"))
                .isEqualTo("city-001/42");
        assertThat(CityRig.TwinCounter.key("lantaarn/v1/twin/site/city-001/status {\"node\":\"city-001\",\"seq\":1}")).isNull();
        assertThat(CityRig.TwinCounter.key("garbage")).isNull();
    }

    @Test
    void latency_counts_the_first_arrival_of_each_watched_window_and_the_hop_pairs_the_same_window(@TempDir Path dir)
            throws Exception {
        String w1 = "{\"node\":\"n1\",\"stream\":\"climate\",\"start\":\"1970-01-01T00:00:10Z\",\"end\":\"1970-01-01T00:00:15Z\"}";
        String early = "{\"node\":\"n1\",\"stream\":\"climate\",\"start\":\"1970-01-01T00:00:05Z\",\"end\":\"1970-01-01T00:00:10Z\"}";
        Path raw = Files.writeString(dir.resolve("raw.txt"), String.join("\n",
                "15.100000000 lantaarn/v1/nodes/n1/obs/climate " + w1,
                "11.000000000 lantaarn/v1/nodes/n1/obs/climate " + early, // before the watched span
                "15.900000000 lantaarn/v1/nodes/n1/obs/climate " + w1, // a repeat: the first arrival counts
                "16.000000000 lantaarn/v1/nodes/n1/status {\"node\":\"n1\"}",
                "16.5 lantaarn/v1/nodes/n1/obs/climate {\"node\":\"n1\",\"str")); // the cut-off last line
        Path twin = Files.writeString(dir.resolve("twin.txt"), "15.350000000 lantaarn/v1/twin/s/n1/climate " + w1 + "\n");

        Map<String, long[]> r = CityTwinLatencyBench.arrivals(raw, 10_000, 20_000);
        Map<String, long[]> t = CityTwinLatencyBench.arrivals(twin, 10_000, 20_000);

        assertThat(CityTwinLatencyBench.latencies(raw, 10_000, 20_000)).containsExactly(100);
        assertThat(CityTwinLatencyBench.latencies(twin, 10_000, 20_000)).containsExactly(350);
        assertThat(CityTwinLatencyBench.hop(r, t)).containsExactly(250);
    }
}
