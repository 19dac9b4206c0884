package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The exact sampler against the discrete Laplace pmf: one million draws from {@link SecureRandom} per epsilon, binned
 * by value (the two tails merged so that every bin expects at least 20 draws), and Pearson's chi-square test. The
 * generators are SHA1PRNG instances seeded by the test, so a run is repeatable and the test does not fail one run in a
 * thousand by chance; the node's own generator is seeded by the system.
 */
class DiscreteLaplaceTest {
    private static final int DRAWS = 1_000_000;

    /** epsilon as a fraction p/q, so the scale 1/epsilon is q/p. */
    @ParameterizedTest(name = "epsilon = {0}/{1}")
    @CsvSource({"1, 10", "1, 2", "1, 1", "2, 1"})
    void a_million_draws_fit_the_discrete_laplace_pmf_by_chi_square(long p, long q) {
        double epsilon = (double) p / q;
        DiscreteLaplace sampler = new DiscreteLaplace(q, p, seeded(1000 * p + q));
        double a = Math.exp(-epsilon);
        int half = 0;
        while (DRAWS * pmfTail(a, half + 1) >= 20) { // P(Z > half) * n still at least 20: the tail bin stays big enough
            half++;
        }
        long[] observed = new long[2 * half + 3]; // [-inf, -half-1], -half .. half, [half+1, inf]
        long started = System.nanoTime();
        for (int i = 0; i < DRAWS; i++) {
            long z = sampler.noise();
            int bin = z < -half ? 0 : z > half ? observed.length - 1 : (int) z + half + 1;
            observed[bin]++;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        double chi2 = 0;
        for (int bin = 0; bin < observed.length; bin++) {
            double expected;
            if (bin == 0 || bin == observed.length - 1) {
                expected = DRAWS * pmfTail(a, half + 1);
            } else {
                int z = bin - half - 1;
                expected = DRAWS * (1 - a) / (1 + a) * Math.pow(a, Math.abs(z));
            }
            double d = observed[bin] - expected;
            chi2 += d * d / expected;
        }
        int df = observed.length - 1;
        double pValue = ChiSquare.upperTail(df, chi2);
        System.out.printf("discrete Laplace epsilon=%s: %d bins, chi2=%.1f, p=%.4f, %d draws in %d ms%n",
                epsilon, observed.length, chi2, pValue, DRAWS, millis);
        assertThat(pValue).as("chi-square p-value (chi2 %.1f on %d degrees of freedom)", chi2, df).isGreaterThan(0.001);
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed); // before the first draw: replaces the system seed, so the stream is repeatable
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA1PRNG", e);
        }
    }

    /** P(Z >= m) for m >= 1: a^m / (1 + a). */
    private static double pmfTail(double a, int m) {
        return Math.pow(a, m) / (1 + a);
    }

    @Test
    void the_chi_square_test_itself_rejects_a_sampler_with_the_wrong_scale() {
        DiscreteLaplace wrong = new DiscreteLaplace(11, 10, seeded(11)); // scale 1.1 where 1 is expected
        double a = Math.exp(-1);
        long[] observed = new long[7];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            long z = wrong.noise();
            observed[z < -2 ? 0 : z > 2 ? 6 : (int) z + 3]++;
        }
        double chi2 = 0;
        for (int bin = 0; bin < 7; bin++) {
            double e = bin == 0 || bin == 6 ? n * pmfTail(a, 3) : n * (1 - a) / (1 + a) * Math.pow(a, Math.abs(bin - 3));
            chi2 += (observed[bin] - e) * (observed[bin] - e) / e;
        }
        assertThat(ChiSquare.upperTail(6, chi2)).isLessThan(0.001);
    }

    @Test
    void a_noisy_count_is_never_negative() {
        DiscreteLaplace mechanism = new DiscreteLaplace(10, 1, new SecureRandom());
        for (int i = 0; i < 10_000; i++) {
            assertThat(mechanism.noisy(0)).isNotNegative();
        }
    }

    @Test
    void the_scale_is_kept_in_lowest_terms_and_must_be_positive() {
        DiscreteLaplace d = new DiscreteLaplace(170, 10, new SecureRandom());
        assertThat(d.scaleNumerator()).isEqualTo(17);
        assertThat(d.scaleDenominator()).isEqualTo(1);
        assertThatThrownBy(() -> new DiscreteLaplace(0, 1, new SecureRandom())).hasMessageContaining("positive fraction");
        assertThatThrownBy(() -> new DiscreteLaplace(1, 1L << 40, new SecureRandom())).hasMessageContaining("positive fraction");
    }

    /** The chi-square distribution's upper tail, through the regularised upper incomplete gamma function. */
    static final class ChiSquare {
        private ChiSquare() {}

        static double upperTail(int df, double chi2) {
            return regularizedGammaQ(df / 2.0, chi2 / 2.0);
        }

        /** Q(s, x) by its series (x < s + 1) or its continued fraction (Numerical Recipes, 6.2). */
        static double regularizedGammaQ(double s, double x) {
            if (x <= 0) {
                return 1;
            }
            double lnPrefix = -x + s * Math.log(x) - logGamma(s);
            if (x < s + 1) {
                double sum = 1 / s;
                double term = sum;
                for (int n = 1; n < 10_000; n++) {
                    term *= x / (s + n);
                    sum += term;
                    if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                        break;
                    }
                }
                return 1 - sum * Math.exp(lnPrefix);
            }
            double tiny = 1e-300;
            double b = x + 1 - s;
            double c = 1 / tiny;
            double d = 1 / b;
            double h = d;
            for (int i = 1; i < 10_000; i++) {
                double an = -i * (i - s);
                b += 2;
                d = an * d + b;
                d = Math.abs(d) < tiny ? tiny : d;
                c = b + an / c;
                c = Math.abs(c) < tiny ? tiny : c;
                d = 1 / d;
                double delta = d * c;
                h *= delta;
                if (Math.abs(delta - 1) < 1e-15) {
                    break;
                }
            }
            return Math.exp(lnPrefix) * h;
        }

        /** Lanczos approximation (g = 7, n = 9). */
        static double logGamma(double x) {
            double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                    1.5056327351493116e-7};
            if (x < 0.5) {
                return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
            }
            x -= 1;
            double a = c[0];
            double t = x + 7.5;
            for (int i = 1; i < 9; i++) {
                a += c[i] / (x + i);
            }
            return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
        }
    }
}
