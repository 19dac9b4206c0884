package org.lantaarn.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What protection was applied to one observation: the k threshold below which counts are suppressed
 * ({@code null} for streams without counts), the names of suppressed values, the noise parameter
 * epsilon ({@code null} when no noise was added), and the start of the key epoch for keyed-hash
 * streams ({@code null} otherwise).
 */
public record Privacy(Integer k, List<String> suppressed, Double epsilon, Instant keyEpochStart) {
    public Privacy {
        if (k != null && k < 2) {
            throw new IllegalArgumentException("privacy k must be at least 2: " + k);
        }
        if (epsilon != null && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("privacy epsilon must be a positive number: " + epsilon);
        }
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
    }

    /** No count values, so nothing to protect beyond aggregation itself. */
    public static Privacy none() {
        return new Privacy(null, List.of(), null, null);
    }
}
