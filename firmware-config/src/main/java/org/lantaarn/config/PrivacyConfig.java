package org.lantaarn.config;

import java.time.Duration;

/**
 * Privacy settings of a stream: person values are suppressed, group by group, in windows that count fewer than
 * {@code k} people (default 5, minimum 2); {@code epsilon}, when set, is the noise budget of one window of the stream
 * (discrete Laplace noise on its person counts, at most 10 with at most 6 decimals so that the noise can be drawn
 * exactly); {@code keyRotation} is how often a keyed-hash stream replaces its key (default 60 min, at most 24 h);
 * {@code probeClip} is how many probe requests of one device count in one window (default 10, 1 to 1000), which
 * bounds what one device can add to {@code probes}.
 */
public record PrivacyConfig(int k, Double epsilon, Duration keyRotation, int probeClip) {
    public static final int DEFAULT_K = 5;
    public static final Duration DEFAULT_KEY_ROTATION = Duration.ofMinutes(60);
    public static final int DEFAULT_PROBE_CLIP = 10;
    public static final int MAX_PROBE_CLIP = 1000;
    public static final double MAX_EPSILON = 10;
    public static final int MAX_EPSILON_DECIMALS = 6;

    public PrivacyConfig {
        if (probeClip < 1 || probeClip > MAX_PROBE_CLIP) {
            throw new IllegalArgumentException("privacy probeClip must be between 1 and " + MAX_PROBE_CLIP + ": " + probeClip);
        }
    }

    /** Settings with the default probe clip. */
    public PrivacyConfig(int k, Double epsilon, Duration keyRotation) {
        this(k, epsilon, keyRotation, DEFAULT_PROBE_CLIP);
    }

    public static PrivacyConfig defaults() {
        return new PrivacyConfig(DEFAULT_K, null, DEFAULT_KEY_ROTATION, DEFAULT_PROBE_CLIP);
    }
}
