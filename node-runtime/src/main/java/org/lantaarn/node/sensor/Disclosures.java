package org.lantaarn.node.sensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A driver's declaration of every value it can publish: value name → {@link Disclosure}. Checks that each person
 * value's group counts its distinct people with a person value of the same group and sensitivity 1.
 */
public final class Disclosures {
    private Disclosures() {}

    /** The checked, ordered, unmodifiable declaration. */
    public static Map<String, Disclosure> check(Map<String, Disclosure> declared) {
        Map<String, Disclosure> copy = new LinkedHashMap<>();
        Objects.requireNonNull(declared, "disclosures").forEach((name, d) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a declared value needs a name");
            }
            copy.put(name, Objects.requireNonNull(d, "value " + name + " has no disclosure class"));
        });
        copy.forEach((name, d) -> {
            if (!d.isPerson()) {
                return;
            }
            String counter = d.group().distinctPeople();
            Disclosure c = copy.get(counter);
            if (c == null || !c.isPerson() || !c.group().equals(d.group()) || c.sensitivity() != 1) {
                throw new IllegalArgumentException("suppression group " + d.group().name() + " of value " + name
                        + " counts its people with '" + counter + "', which must be a person count of the same group with sensitivity 1");
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /** The name under which windows publish how many readings they combined: a technical value. */
    public static final String SAMPLES = "samples";

    /**
     * For drivers that measure only the surroundings: every name an environment value, except {@link #SAMPLES}, which is
     * technical.
     */
    public static Map<String, Disclosure> environment(Iterable<String> names) {
        Map<String, Disclosure> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, SAMPLES.equals(n) ? Disclosure.technical() : Disclosure.environment()));
        return check(m);
    }

    /**
     * For a {@link SensorDescriptor.Aggregation#NUMERIC} stream of the surroundings: {@code name.mean}, {@code name.min},
     * {@code name.max} of every sample name as environment values and {@link #SAMPLES} as a technical value.
     */
    public static Map<String, Disclosure> numericEnvironment(Iterable<String> sampleNames) {
        Map<String, Disclosure> m = new LinkedHashMap<>();
        sampleNames.forEach(n -> {
            for (String stat : new String[] {".mean", ".min", ".max"}) {
                m.put(n + stat, Disclosure.environment());
            }
        });
        m.put(SAMPLES, Disclosure.technical());
        return check(m);
    }

    /**
     * Checks a provider's declaration: at least one value, each with a class, each person value with a group whose
     * count of people is a person value of the same group.
     *
     * @throws IllegalStateException naming the provider and what is missing
     */
    public static void verify(SensorDriverProvider provider) {
        String who = provider.sensor() + "/" + provider.driver() + " (" + provider.getClass().getName() + ")";
        Map<String, Disclosure> declared;
        try {
            declared = provider.disclosures();
            if (declared == null || declared.isEmpty()) {
                throw new IllegalStateException("driver " + who + " declares no publishable values");
            }
            check(declared);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("driver " + who + ": " + e.getMessage(), e);
        }
    }
}
