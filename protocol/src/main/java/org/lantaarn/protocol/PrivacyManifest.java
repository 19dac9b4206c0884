package org.lantaarn.protocol;

/**
 * How one stream protects privacy, as published in the status birth for the twin and the public:
 * what is measured, whether the raw input is personal data, the k threshold, noise, key rotation,
 * what happens to raw data ({@code "never stored or sent"}), the disclosure class of every value the stream can
 * publish ({@code person}, {@code environment}, {@code technical}; empty when not stated) and the per-device clip
 * ({@code null} where nothing is clipped).
 */
public record PrivacyManifest(
        String measures,
        boolean personalDataInRawInput,
        Integer k,
        Double epsilon,
        Long keyRotationSeconds,
        String rawData,
        java.util.Map<String, String> disclosures,
        Integer clip) {
    /** A manifest without disclosure classes and clip. */
    public PrivacyManifest(String measures, boolean personalDataInRawInput, Integer k, Double epsilon, Long keyRotationSeconds,
                           String rawData) {
        this(measures, personalDataInRawInput, k, epsilon, keyRotationSeconds, rawData, java.util.Map.of(), null);
    }

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
        java.util.Map<String, String> d = new java.util.TreeMap<>();
        if (disclosures != null) {
            disclosures.forEach((name, kind) -> {
                if (!java.util.Set.of("person", "environment", "technical").contains(kind)) {
                    throw new IllegalArgumentException("privacy manifest disclosure of " + name + " must be person, environment or technical: " + kind);
                }
                d.put(java.util.Objects.requireNonNull(name, "disclosure name"), kind);
            });
        }
        disclosures = java.util.Collections.unmodifiableMap(d);
        if (clip != null && clip < 1) {
            throw new IllegalArgumentException("privacy manifest clip must be at least 1: " + clip);
        }
    }
}
