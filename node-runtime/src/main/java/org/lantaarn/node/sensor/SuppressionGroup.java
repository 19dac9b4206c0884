package org.lantaarn.node.sensor;

import java.util.Objects;

/**
 * Person values of one stream that are suppressed together: in a window where the value {@code distinctPeople} (the
 * count of distinct people behind the group — devices for Wi-Fi, events for motion) is below k, every value of the
 * group is withheld, so no part of it (probes, an occupied fraction, a dwell bin) can reveal what the count hides.
 *
 * @param name           the group's name, unique within the stream
 * @param distinctPeople the value of the group that counts distinct people
 */
public record SuppressionGroup(String name, String distinctPeople) {
    public SuppressionGroup {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a suppression group needs a name");
        }
        if (distinctPeople == null || distinctPeople.isBlank()) {
            throw new IllegalArgumentException("suppression group " + name + " must name the value that counts distinct people");
        }
    }
}
