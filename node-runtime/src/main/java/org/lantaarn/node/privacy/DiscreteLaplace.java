package org.lantaarn.node.privacy;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Laplace (two-sided geometric) mechanism for integer counts: adds noise {@code Z} with
 * {@code P(Z = z) = (1 - a) / (1 + a) * a^|z|}, {@code a = exp(-epsilon)}, which gives epsilon-differential
 * privacy to a count that one person changes by at most 1 (Ghosh, Roughgarden and Sundararajan, 2009).
 * {@code Z} is drawn as the difference of two independent geometric variables, each by inversion of a
 * uniform from the given generator (a {@link java.security.SecureRandom} in the node). Inversion in
 * double precision is close to, not exactly, the ideal distribution; the difference is far below the
 * noise itself. Thread-safe when the generator is.
 */
public final class DiscreteLaplace {
    private final double epsilon;
    private final double logA;
    private final RandomGenerator random;

    public DiscreteLaplace(double epsilon, RandomGenerator random) {
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be a positive number: " + epsilon);
        }
        this.epsilon = epsilon;
        this.logA = -epsilon;
        this.random = Objects.requireNonNull(random, "random");
    }

    public double epsilon() {
        return epsilon;
    }

    /** One draw of the noise. */
    public long noise() {
        return geometric() - geometric();
    }

    /** {@code count} plus noise, never below zero (clamping is post-processing and keeps the guarantee). */
    public long noisy(long count) {
        return Math.max(0, count + noise());
    }

    /** Failures before the first success, success probability {@code 1 - exp(-epsilon)}. */
    private long geometric() {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        double g = Math.floor(Math.log(u) / logA);
        return g >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) g;
    }
}
