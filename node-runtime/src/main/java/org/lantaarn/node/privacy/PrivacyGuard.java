package org.lantaarn.node.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.protocol.Privacy;

/**
 * Protects one stream's aggregates before they leave the pipeline. Counts of events (counter streams)
 * with {@code 0 < count < k} are replaced by {@code null} and named in {@code privacy.suppressed}, so a
 * single person passing a sensor is never visible; zero stays zero (nobody to protect). Numeric streams
 * carry no counts of people and pass unchanged with {@link Privacy#none()}; of a stream the driver summarises,
 * only the values it names as counts of people are suppressed (motion events, not rain tips). Immutable and thread-safe.
 */
public final class PrivacyGuard {
    private final int k;

    public PrivacyGuard(PrivacyConfig config) {
        this(config.k());
    }

    public PrivacyGuard(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("privacy k must be at least 2: " + k);
        }
        this.k = k;
    }

    public int k() {
        return k;
    }

    public ProtectedAggregate protect(WindowAggregate a) {
        if (a.peopleCounts().isEmpty()) {
            return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), a.values(), a.units(), a.quality(), Privacy.none());
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> suppressed = new ArrayList<>();
        a.values().forEach((name, v) -> {
            if (a.peopleCounts().contains(name) && v > 0 && v < k) {
                values.put(name, null);
                suppressed.add(name);
            } else {
                values.put(name, v);
            }
        });
        return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), values, a.units(), a.quality(),
                new Privacy(k, suppressed, null, null));
    }
}
