package org.lantaarn.node.privacy;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Laplace mechanism for integer counts, sampled exactly: noise {@code Z} with
 * {@code P(Z = z) = (1 - a) / (1 + a) * a^|z|}, {@code a = exp(-1/scale)}, where {@code scale} is a positive rational
 * {@code num / den}. Added to a count that one person changes by at most {@code s}, a scale of {@code s / epsilon}
 * gives epsilon-differential privacy (Ghosh, Roughgarden and Sundararajan, 2009).
 *
 * <p>The draw is Canonne, Kamath and Steinke (2020), "The Discrete Gaussian for Differential Privacy", Algorithm 2,
 * with their Algorithm 1 for Bernoulli(exp(-gamma)) at rational {@code gamma} in [0, 1]: every step is a comparison of
 * uniform integers, so the output has exactly the distribution above (no cap on |Z|, no quantised tail). Only
 * integer arithmetic is used on this path (an ArchUnit rule checks that this class touches no {@code float} or
 * {@code double}); the uniform integers come from the given generator, a {@link java.security.SecureRandom} in the
 * node. Thread-safe when the generator is.
 */
public final class DiscreteLaplace {
    /** Numerators and denominators up to this keep every product below {@link Long#MAX_VALUE}. */
    static final long MAX_TERM = 1L << 30;

    private final long num;
    private final long den;
    private final RandomGenerator random;

    /**
     * @param scaleNumerator   numerator of the scale ({@code 1/epsilon} for sensitivity 1 is {@code den / num} of epsilon)
     * @param scaleDenominator denominator of the scale
     */
    public DiscreteLaplace(long scaleNumerator, long scaleDenominator, RandomGenerator random) {
        if (scaleNumerator < 1 || scaleDenominator < 1 || scaleNumerator > MAX_TERM || scaleDenominator > MAX_TERM) {
            throw new IllegalArgumentException("discrete Laplace scale must be a positive fraction with terms in 1.."
                    + MAX_TERM + ": " + scaleNumerator + "/" + scaleDenominator);
        }
        long g = gcd(scaleNumerator, scaleDenominator);
        this.num = scaleNumerator / g;
        this.den = scaleDenominator / g;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The scale's numerator, in lowest terms. */
    public long scaleNumerator() {
        return num;
    }

    /** The scale's denominator, in lowest terms. */
    public long scaleDenominator() {
        return den;
    }

    /**
     * One draw of the noise (CKS 2020, Algorithm 2 with {@code t = num}, {@code s = den}: {@code P(z)} proportional
     * to {@code exp(-|z| den / num)}).
     */
    public long noise() {
        while (true) {
            long u = random.nextLong(num);
            if (!bernoulliExp(u, num)) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(1, 1)) {
                v++;
            }
            long x = Math.addExact(u, Math.multiplyExact(num, v));
            long y = x / den;
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }

    /** {@code count} plus noise, never below zero (clamping is post-processing and keeps the guarantee). */
    public long noisy(long count) {
        return Math.max(0, Math.addExact(count, noise()));
    }

    /**
     * Bernoulli(exp(-n/d)) for {@code 0 <= n <= d} (CKS 2020, Algorithm 1): draw Bernoulli(gamma/k) for k = 1, 2, ...
     * until one fails; the result is 1 when the first failure is at an odd k.
     */
    private boolean bernoulliExp(long n, long d) {
        long k = 1;
        while (random.nextLong(Math.multiplyExact(d, k)) < n) { // Bernoulli(n / (d k))
            k++;
        }
        return (k & 1) == 1;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
