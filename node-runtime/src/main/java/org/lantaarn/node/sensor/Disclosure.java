package org.lantaarn.node.sensor;

import java.util.Objects;

/**
 * What one publishable value may reveal, as its driver declares it. Every value a driver can publish has one;
 * a value without one is dropped by the privacy guard and counted as a fault of its stream.
 *
 * @param kind        {@link Kind#PERSON} for counts of people or their devices and anything derived from them,
 *                    {@link Kind#ENVIRONMENT} for measurements of the surroundings, {@link Kind#TECHNICAL} for
 *                    figures about the node itself
 * @param group       for a person value, the suppression group it belongs to (the whole group of a window is
 *                    suppressed when the group counts fewer than k people); {@code null} otherwise
 * @param sensitivity for a person value, by how much one person can change it in one window (its L1
 *                    sensitivity, the basis of its share of the noise budget); {@code 0} for a person value that is
 *                    not a count (a fraction) and is therefore suppressed with its group but never noised; {@code 0}
 *                    for other kinds
 */
public record Disclosure(Kind kind, SuppressionGroup group, long sensitivity) {
    /** The disclosure classes. */
    public enum Kind {
        /** Counts of people or of their devices and anything derived from them. */
        PERSON,
        /** Measurements of the surroundings: temperature, particulates, rain, sound levels. */
        ENVIRONMENT,
        /** Figures about the node itself. */
        TECHNICAL;

        /** The name used in documents and manifests: {@code person}, {@code environment}, {@code technical}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Disclosure {
        Objects.requireNonNull(kind, "disclosure kind");
        if (kind == Kind.PERSON) {
            Objects.requireNonNull(group, "a person value needs a suppression group");
            if (sensitivity < 0) {
                throw new IllegalArgumentException("sensitivity must not be negative: " + sensitivity);
            }
        } else if (group != null || sensitivity != 0) {
            throw new IllegalArgumentException("only person values have a suppression group and a sensitivity: " + kind);
        }
    }

    /** A count of people (or derived from one) in {@code group}, changed by at most {@code sensitivity} by one person. */
    public static Disclosure person(SuppressionGroup group, long sensitivity) {
        if (sensitivity < 1) {
            throw new IllegalArgumentException("a person count changes by at least 1 for one person: " + sensitivity);
        }
        return new Disclosure(Kind.PERSON, group, sensitivity);
    }

    /** A person-derived value that is not a count (a fraction of time): suppressed with its group, never noised. */
    public static Disclosure personFraction(SuppressionGroup group) {
        return new Disclosure(Kind.PERSON, group, 0);
    }

    public static Disclosure environment() {
        return new Disclosure(Kind.ENVIRONMENT, null, 0);
    }

    public static Disclosure technical() {
        return new Disclosure(Kind.TECHNICAL, null, 0);
    }

    public boolean isPerson() {
        return kind == Kind.PERSON;
    }

    /** Whether the value gets noise when the stream has a noise budget. */
    public boolean isNoised() {
        return kind == Kind.PERSON && sensitivity > 0;
    }
}
