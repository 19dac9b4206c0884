package org.lantaarn.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What protection was applied to one observation: the k threshold below which a suppression group of person values
 * is withheld ({@code null} for streams without person values), the names of suppressed values, the noise budget
 * epsilon of the stream-window ({@code null} when no noise was added), the start of the key epoch for keyed-hash
 * streams ({@code null} otherwise), the per-device clip (how many probe requests of one device count in a window;
 * {@code null} where nothing is clipped) and the share of the budget spent on each published noised value
 * ({@code epsilons}: value name → epsilon; empty when no noise was added).
 */
public record Privacy(Integer k, List<String> suppressed, Double epsilon, Instant keyEpochStart, Integer clip,
                      Map<String, Double> epsilons) {
    public Privacy {
        if (k != null && k < 2) {
            throw new IllegalArgumentException("privacy k must be at least 2: " + k);
        }
        if (epsilon != null && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("privacy epsilon must be a positive number: " + epsilon);
        }
        if (clip != null && clip < 1) {
            throw new IllegalArgumentException("privacy clip must be at least 1: " + clip);
        }
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        Map<String, Double> e = new LinkedHashMap<>();
        if (epsilons != null) {
            epsilons.forEach((name, v) -> {
                if (v == null || !(v > 0 && Double.isFinite(v))) {
                    throw new IllegalArgumentException("privacy epsilon of " + name + " must be a positive number: " + v);
                }
                e.put(Objects.requireNonNull(name, "epsilons name"), v);
            });
        }
        epsilons = Collections.unmodifiableMap(e);
    }

    /** Without a clip and without per-value epsilons. */
    public Privacy(Integer k, List<String> suppressed, Double epsilon, Instant keyEpochStart) {
        this(k, suppressed, epsilon, keyEpochStart, null, Map.of());
    }

    /** No count values, so nothing to protect beyond aggregation itself. */
    public static Privacy none() {
        return new Privacy(null, List.of(), null, null);
    }
}
