package org.lantaarn.protocol;

/**
 * How one stream protects privacy, as published in the status birth for the twin and the public:
 * what is measured, whether the raw input is personal data, the k threshold, noise, key rotation,
 * and what happens to raw data ({@code "never stored or sent"}).
 */
public record PrivacyManifest(
        String measures,
        boolean personalDataInRawInput,
        Integer k,
        Double epsilon,
        Long keyRotationSeconds,
        String rawData) {
    public PrivacyManifest {
        if (measures == null || measures.isBlank()) {
            throw new IllegalArgumentException("privacy manifest measures must be given");
        }
        if (k != null && k < 2) {
            throw new IllegalArgumentException("privacy manifest k must be at least 2: " + k);
        }
        if (epsilon != null && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("privacy manifest epsilon must be a positive number: " + epsilon);
        }
        if (keyRotationSeconds != null && keyRotationSeconds < 1) {
            throw new IllegalArgumentException("privacy manifest keyRotationSeconds must be at least 1: " + keyRotationSeconds);
        }
        if (rawData == null || rawData.isBlank()) {
            throw new IllegalArgumentException("privacy manifest rawData must say what happens to raw data");
        }
    }
}
