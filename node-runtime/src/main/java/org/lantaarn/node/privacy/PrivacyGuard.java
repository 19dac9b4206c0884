package org.lantaarn.node.privacy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.protocol.Privacy;

/**
 * Protects one stream's aggregates before they leave the pipeline. Only values that count people are
 * touched (every value of a counter or presence stream; of a stream the driver summarises, those it names:
 * motion events, not rain tips). Each first gets discrete Laplace noise when {@code epsilon} is set
 * ({@link DiscreteLaplace}, from {@link SecureRandom}); then a count with {@code 0 < count < k} is replaced
 * by {@code null} and named in {@code privacy.suppressed}, so a single person passing a sensor is never
 * visible; zero stays zero. Counts that split a total (named {@code group.part}, such as
 * {@code devices.randomised} and {@code devices.global}, or the {@code dwell.*} bins) are suppressed together
 * when one of them is, so a suppressed part cannot be recovered by subtraction. Streams without counts of
 * people pass unchanged with {@link Privacy#none()}. Thread-safe.
 */
public final class PrivacyGuard {
    private final int k;
    private final DiscreteLaplace noise;

    public PrivacyGuard(PrivacyConfig config) {
        this(config.k(), config.epsilon() == null ? null : new DiscreteLaplace(config.epsilon(), new SecureRandom()));
    }

    public PrivacyGuard(int k) {
        this(k, null);
    }

    /** @param noise the noise mechanism, or {@code null} for none */
    public PrivacyGuard(int k, DiscreteLaplace noise) {
        if (k < 2) {
            throw new IllegalArgumentException("privacy k must be at least 2: " + k);
        }
        this.k = k;
        this.noise = noise;
    }

    public int k() {
        return k;
    }

    public ProtectedAggregate protect(WindowAggregate a) {
        if (a.peopleCounts().isEmpty()) {
            return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), a.values(), a.units(), a.quality(), Privacy.none());
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Set<String> suppressedGroups = new HashSet<>();
        a.values().forEach((name, v) -> {
            if (!a.peopleCounts().contains(name)) {
                values.put(name, v);
                return;
            }
            double n = noise == null ? v : noise.noisy(Math.round(v));
            if (n > 0 && n < k) {
                values.put(name, null);
                String g = group(name);
                if (g != null) {
                    suppressedGroups.add(g);
                }
            } else {
                values.put(name, n);
            }
        });
        List<String> suppressed = new ArrayList<>();
        values.replaceAll((name, v) -> a.peopleCounts().contains(name) && suppressedGroups.contains(group(name)) ? null : v);
        values.forEach((name, v) -> {
            if (v == null) {
                suppressed.add(name);
            }
        });
        return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), values, a.units(), a.quality(),
                new Privacy(k, suppressed, noise == null ? null : noise.epsilon(), a.keyEpochStart()));
    }

    private static String group(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : null;
    }
}
