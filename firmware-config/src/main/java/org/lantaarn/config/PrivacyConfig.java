package org.lantaarn.config;

import java.time.Duration;

/**
 * Privacy settings of a stream: counts below {@code k} are suppressed (default 5, minimum 2);
 * {@code epsilon}, when set, adds discrete Laplace noise to counts; {@code keyRotation} is how often a
 * keyed-hash stream replaces its key (default 60 min, at most 24 h).
 */
public record PrivacyConfig(int k, Double epsilon, Duration keyRotation) {
    public static final int DEFAULT_K = 5;
    public static final Duration DEFAULT_KEY_ROTATION = Duration.ofMinutes(60);

    public static PrivacyConfig defaults() {
        return new PrivacyConfig(DEFAULT_K, null, DEFAULT_KEY_ROTATION);
    }
}
