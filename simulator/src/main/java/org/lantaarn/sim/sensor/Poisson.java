package org.lantaarn.sim.sensor;

import java.util.Random;

/** Poisson-distributed counts, by Knuth's product method for small means and a normal approximation above 30. */
final class Poisson {
    private Poisson() {}

    static long sample(Random random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
