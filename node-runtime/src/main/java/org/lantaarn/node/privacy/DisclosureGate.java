package org.lantaarn.node.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;

/**
 * The one place every message a node publishes passes before it is stored or sent: observations and gaps on their
 * way into the outbox, the status birth, health reports and configuration acks on their way to the uplink.
 *
 * <p>It knows each stream's declared disclosures ({@link #declare}) and lets through only what they allow:
 * <ul>
 * <li>an observation keeps only declared values (an undeclared one is dropped and reported to {@code undeclared},
 *     which the node counts as a fault of the stream); a suppression group is published whole or not at all — when
 *     the group's count of people or any of its values is withheld, all of them are — whatever the guard before it
 *     did; an observation of a stream that declared nothing (its sensor is absent) carries no values;</li>
 * <li>gaps, health, status and acks are closed record types whose fields are technical by construction (window
 *     bounds and counts of windows, states and fault counts, versions and hashes), so they pass as they are;</li>
 * <li>any other message type is refused: adding a new kind of outgoing message means adding it here.</li>
 * </ul>
 * Thread-safe.
 */
public final class DisclosureGate {
    private final Map<String, Map<String, Disclosure>> streams = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> undeclared;

    /** @param undeclared told (stream, value name) of every value dropped for want of a declaration */
    public DisclosureGate(BiConsumer<String, String> undeclared) {
        this.undeclared = Objects.requireNonNull(undeclared, "undeclared");
    }

    /** What stream {@code stream} may publish: its driver's declaration. */
    public void declare(String stream, Map<String, Disclosure> disclosures) {
        streams.put(Objects.requireNonNull(stream, "stream"), Map.copyOf(disclosures));
    }

    /** The message as it may leave the node. */
    @SuppressWarnings("unchecked")
    public <M extends Message> M release(M message) {
        Objects.requireNonNull(message, "message");
        return switch (message) {
            case Observation o -> (M) observation(o);
            case Gap g -> message;
            case Health h -> message;
            case Status s -> message;
            case ConfigAck a -> message;
            default -> throw new IllegalArgumentException("the disclosure gate does not know " + message.schema()
                    + " and lets it through nowhere");
        };
    }

    private Observation observation(Observation o) {
        Map<String, Disclosure> declared = streams.getOrDefault(o.stream(), Map.of());
        Map<String, Double> values = new LinkedHashMap<>();
        Map<SuppressionGroup, Boolean> withheld = new HashMap<>();
        o.values().forEach((name, v) -> {
            Disclosure d = declared.get(name);
            if (d == null) {
                undeclared.accept(o.stream(), name);
                return;
            }
            values.put(name, v);
            if (d.isPerson() && v == null) {
                withheld.put(d.group(), true);
            }
        });
        declared.forEach((name, d) -> {
            if (d.isPerson() && d.group().distinctPeople().equals(name) && !values.containsKey(name)) {
                withheld.put(d.group(), true); // the group's count of people is missing: nothing of the group may stand alone
            }
        });
        List<String> suppressed = new ArrayList<>(o.privacy().suppressed());
        boolean changed = values.size() != o.values().size();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Disclosure d = declared.get(e.getKey());
            if (d.isPerson() && withheld.containsKey(d.group()) && e.getValue() != null) {
                e.setValue(null);
                suppressed.add(e.getKey());
                changed = true;
            }
        }
        if (!changed) {
            return o;
        }
        Map<String, String> units = new LinkedHashMap<>(o.units());
        units.keySet().retainAll(values.keySet());
        Privacy p = o.privacy();
        Map<String, Double> epsilons = new LinkedHashMap<>(p.epsilons());
        epsilons.keySet().removeIf(n -> !values.containsKey(n) || values.get(n) == null);
        Privacy privacy = new Privacy(p.k(), suppressed, p.epsilon(), p.keyEpochStart(), p.clip(), epsilons);
        return new Observation(o.node(), o.stream(), o.sensor(), o.seq(), o.start(), o.end(), values, units,
                new Quality(o.quality().coverage(), o.quality().flags()), privacy, o.site(), o.location(), o.metadata());
    }
}
