package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscreteLaplaceTest {
    @Test
    void noise_follows_the_two_sided_geometric_distribution() {
        double epsilon = 0.5;
        double a = Math.exp(-epsilon);
        DiscreteLaplace mechanism = new DiscreteLaplace(epsilon, new SplittableRandom(42));
        int n = 200_000;
        long[] hist = new long[41];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            long z = mechanism.noise();
            sum += z;
            if (Math.abs(z) <= 20) {
                hist[(int) z + 20]++;
            }
        }
        assertThat(sum / n).as("mean").isCloseTo(0.0, within(0.05));
        for (int z = -3; z <= 3; z++) {
            double expected = (1 - a) / (1 + a) * Math.pow(a, Math.abs(z));
            assertThat(hist[z + 20] / (double) n).as("P(Z = %d)", z).isCloseTo(expected, within(0.005));
        }
    }

    @Test
    void a_noisy_count_is_never_negative() {
        DiscreteLaplace mechanism = new DiscreteLaplace(0.1, new SplittableRandom(7));
        for (int i = 0; i < 10_000; i++) {
            assertThat(mechanism.noisy(0)).isNotNegative();
        }
    }
}
