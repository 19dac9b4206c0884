package org.lantaarn.node.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: the n-th delay (from 0) is uniformly random in
 * {@code [0, min(max, initial * 2^n)]}. Defaults: 1 s doubling to 60 s. Not thread-safe: one reconnect
 * loop owns it.
 */
public final class Backoff {
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

    private static final int MAX_SHIFT = 40;

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max must be at least initial: " + max + " < " + initial);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** 1 s doubling to 60 s. */
    public static Backoff defaults(RandomGenerator random) {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX, random);
    }

    /** The cap of the next delay, without jitter. */
    public Duration ceiling() {
        return Duration.ofMillis(ceilingMillis(attempt));
    }

    private long ceilingMillis(int n) {
        long factor = 1L << Math.min(n, MAX_SHIFT);
        return initialMillis > maxMillis / factor ? maxMillis : Math.min(maxMillis, initialMillis * factor);
    }

    /** The next delay, and one step further up. */
    public Duration next() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < MAX_SHIFT) {
            attempt++;
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** After a success: the next delay starts from {@code initial} again. */
    public void reset() {
        attempt = 0;
    }

    public int attempt() {
        return attempt;
    }
}
