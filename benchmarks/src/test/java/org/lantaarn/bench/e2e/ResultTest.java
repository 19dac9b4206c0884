package org.lantaarn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTest {
    @Test
    void median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two() {
        assertThat(Result.median(new double[] {5, 1, 3, 9})).isEqualTo(4.0);
        assertThat(Result.median(new double[] {2, 7, 3})).isEqualTo(3.0);
    }

    @Test
    void percentile_takes_the_nearest_rank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Result.percentile(sorted, 50)).isEqualTo(50.0);
        assertThat(Result.percentile(sorted, 99)).isEqualTo(99.0);
    }

    @Test
    void writes_the_fields_every_result_must_have(@TempDir Path dir) throws Exception {
        Result r = new Result("gateway-ingest", "messages/s", new double[] {800, 900, 700}, new double[] {2000, 1000, 3000}, 0.8, true, "x");
        JsonNode json = new ObjectMapper().readTree(r.write(dir).toFile());
        for (String f : new String[] {"name", "unit", "lantaarn", "baseline", "ratio", "runs", "cores"}) {
            assertThat(json.has(f)).as(f).isTrue();
        }
        assertThat(json.get("ratio").asDouble()).isEqualTo(0.4);
        assertThat(json.get("goalMet").asBoolean()).isFalse();
        assertThat(json.get("runs").asInt()).isEqualTo(3);
    }

    @Test
    void a_memory_goal_is_met_when_the_ratio_stays_below_it() {
        Result r = new Result("node-footprint", "MiB", new double[] {70}, new double[] {40}, 2.0, false, "<= 2");
        assertThat(r.get("goalMet")).isEqualTo(true);
    }
}
