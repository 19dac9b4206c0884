package org.lantaarn.sim.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 3.0, 80.0})
    void sample_mean_and_variance_match_the_rate(double mean) {
        Random random = new Random(42);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long k = Poisson.sample(random, mean);
            assertThat(k).isNotNegative();
            sum += k;
            sumSq += (double) k * k;
        }
        double m = sum / n;
        double var = sumSq / n - m * m;
        assertThat(m).isBetween(mean * 0.98, mean * 1.02);
        assertThat(var).isBetween(mean * 0.95, mean * 1.05);
    }
}
