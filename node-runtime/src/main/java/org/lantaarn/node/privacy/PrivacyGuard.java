package org.lantaarn.node.privacy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

/**
 * Protects one stream's aggregates before they leave the pipeline, by the disclosure its driver declared for each
 * value ({@link Disclosure}):
 * <ul>
 * <li>a value without a declaration is dropped and reported to {@code undeclared} (a fault of the stream);</li>
 * <li>environment and technical values pass unchanged;</li>
 * <li>person values are suppressed group by group: in a window where a group's count of distinct people (its
 *     {@link SuppressionGroup#distinctPeople()} value, before noise) is below k — zero included — every value of the
 *     group is replaced by {@code null} and named in {@code privacy.suppressed}, and the quality flags that come from
 *     the people behind it are removed, so one more or one less person below k publishes the same bytes;</li>
 * <li>published person counts get discrete Laplace noise when {@code epsilon} is set: epsilon is the budget of one
 *     stream-window, split over the stream's noised values in proportion to their declared sensitivity, so every
 *     noised value gets noise of scale {@code S / epsilon} with {@code S} the sum of the sensitivities
 *     ({@link DiscreteLaplace}, exact, from {@code random}: a {@link java.security.SecureRandom} in the node).</li>
 * </ul>
 * Keyed-token (presence) streams name the key epoch by its clock-aligned start, which does not depend on who was seen.
 * The privacy object states k, the clip, the stream-window budget epsilon and the share spent on each published value.
 * Thread-safe when {@code random} is.
 */
public final class PrivacyGuard {
    /** Quality flags of a presence window that follow from the devices seen: removed when the group is suppressed. */
    static final Set<String> PERSON_DERIVED_FLAGS = Set.of(PresenceAccumulator.ESTIMATED, PresenceAccumulator.DWELL_PARTIAL,
            PresenceAccumulator.KEY_ROTATED);

    private final int k;
    private final Map<String, Disclosure> disclosures;
    private final Set<SuppressionGroup> groups = new HashSet<>();
    private final Double epsilon;
    private final Map<String, Double> epsilons = new LinkedHashMap<>();
    private final DiscreteLaplace noise;
    private final Integer clip;
    private final Duration keyRotation;
    private final Consumer<String> undeclared;

    /**
     * @param config      k, epsilon, key rotation and probe clip of the stream
     * @param disclosures what the driver declared for each value it can publish
     * @param clip        the per-device clip to state in the privacy object, or {@code null} where nothing is clipped
     * @param random      the source of the noise's randomness
     * @param undeclared  told the name of every value dropped for want of a declaration
     */
    public PrivacyGuard(PrivacyConfig config, Map<String, Disclosure> disclosures, Integer clip, RandomGenerator random,
                        Consumer<String> undeclared) {
        if (config.k() < 2) {
            throw new IllegalArgumentException("privacy k must be at least 2: " + config.k());
        }
        this.k = config.k();
        this.disclosures = Map.copyOf(disclosures);
        this.clip = clip;
        this.keyRotation = config.keyRotation();
        this.undeclared = Objects.requireNonNull(undeclared, "undeclared");
        long sensitivity = 0;
        for (Disclosure d : disclosures.values()) {
            if (d.isPerson()) {
                groups.add(d.group());
            }
            if (d.isNoised()) {
                sensitivity = Math.addExact(sensitivity, d.sensitivity());
            }
        }
        if (config.epsilon() == null || sensitivity == 0) {
            this.epsilon = null;
            this.noise = null;
            return;
        }
        this.epsilon = config.epsilon();
        // epsilon = p / q exactly as written in the configuration (at most 6 decimals); the scale is S / epsilon = S q / p
        BigDecimal e = BigDecimal.valueOf(config.epsilon()).stripTrailingZeros();
        long p = e.scale() > 0 ? e.unscaledValue().longValueExact() : e.longValueExact();
        long q = e.scale() > 0 ? BigDecimal.TEN.pow(e.scale()).longValueExact() : 1;
        this.noise = new DiscreteLaplace(Math.multiplyExact(sensitivity, q), p, Objects.requireNonNull(random, "random"));
        long total = sensitivity;
        disclosures.forEach((name, d) -> {
            if (d.isNoised()) {
                epsilons.put(name, config.epsilon() * d.sensitivity() / total);
            }
        });
    }

    public int k() {
        return k;
    }

    public ProtectedAggregate protect(WindowAggregate a) {
        Set<SuppressionGroup> suppressedGroups = new HashSet<>();
        for (SuppressionGroup g : groups) {
            Double people = a.values().get(g.distinctPeople());
            if (people == null || people < k) {
                suppressedGroups.add(g);
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> suppressed = new ArrayList<>();
        Map<String, Double> spent = new LinkedHashMap<>();
        boolean person = false;
        for (Map.Entry<String, Double> e : a.values().entrySet()) {
            String name = e.getKey();
            Disclosure d = disclosures.get(name);
            if (d == null) {
                undeclared.accept(name);
                continue;
            }
            if (!d.isPerson()) {
                values.put(name, e.getValue());
                continue;
            }
            person = true;
            if (suppressedGroups.contains(d.group())) {
                values.put(name, null);
                suppressed.add(name);
            } else if (noise != null && d.isNoised()) {
                values.put(name, (double) noise.noisy(Math.round(e.getValue())));
                spent.put(name, epsilons.get(name));
            } else {
                values.put(name, e.getValue());
            }
        }
        Map<String, String> units = new LinkedHashMap<>(a.units());
        units.keySet().retainAll(values.keySet());
        if (!person && groups.isEmpty()) {
            return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), values, units, a.quality(), Privacy.none());
        }
        Quality quality = a.quality();
        if (!suppressedGroups.isEmpty()) {
            List<String> flags = new ArrayList<>(quality.flags());
            flags.removeIf(f -> PERSON_DERIVED_FLAGS.contains(f) || f.startsWith(PresenceAccumulator.ESTIMATE_RSE));
            quality = new Quality(quality.coverage(), flags);
        }
        Instant keyEpoch = a.aggregation() == Aggregation.PRESENCE ? alignedEpoch(a.window().start()) : null;
        return new ProtectedAggregate(a.stream(), a.sensor(), a.window(), values, units, quality,
                new Privacy(k, suppressed, epsilon, keyEpoch, clip, spent));
    }

    /** The clock-aligned start of the key epoch that contains {@code t}: the same for every window of the epoch. */
    private Instant alignedEpoch(Instant t) {
        long ms = keyRotation.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }
}
