package org.lantaarn.gateway.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides when the broker may have lost twin messages it had acknowledged: Mosquitto acknowledges a publish before
 * it saves it, so a broker killed before its next autosave comes back without them. Three signs, whichever comes
 * first: a reconnect whose session is not present (the broker lost the gateway's session), or a broker start time
 * ({@code $SYS/broker/uptime} subtracted from the time it arrived) later than the one seen before, or, for the first
 * uptime after a reconnect, a start time after the broker was last seen alive before the connection dropped: a broker
 * that restarts within {@link #START_TOLERANCE} of its previous start (killed again seconds after it came back) moves
 * its start time too little for the second sign, but it cannot have started before the old one stopped answering,
 * while a broker that stayed up reports a start long before that. Transport-free:
 * the caller passes the events and their times; the answer is the moment from which twin marks must be undone
 * ({@code window} before the broker was last seen alive). Not thread-safe: the MQTT session's threads call it one
 * at a time (synchronized by the caller).
 */
public final class BrokerLossDetector {
    /** How far an estimated start time may wander (uptime has whole seconds, delivery takes time) without a restart. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(3);

    private final Duration window;
    /** A broker that had been up less than this before it was last seen is taken for one that may have restarted. */
    static final Duration ALIVE_SLACK = Duration.ofSeconds(1);

    private boolean connectedBefore;
    private Instant brokerStart;
    private Instant lastAlive;
    /** When the broker was last seen alive before the latest reconnect, until the first uptime after it. */
    private Instant aliveBeforeReconnect;

    /** @param window how long before the broker was last seen alive its acknowledged messages may be unsaved */
    public BrokerLossDetector(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("twin republish window must not be negative: " + window);
        }
        this.window = window;
    }

    /** A (re)connect completed at {@code at}; returns the moment to republish from when the broker lost its state. */
    public synchronized Optional<Instant> connected(boolean sessionPresent, Instant at) {
        Optional<Instant> lost = connectedBefore && !sessionPresent ? Optional.of(since(at)) : Optional.empty();
        aliveBeforeReconnect = connectedBefore && lost.isEmpty() ? (lastAlive == null ? at : lastAlive) : null;
        connectedBefore = true;
        lastAlive = at;
        return lost;
    }

    /** The broker said at {@code at} that it has been up for {@code uptimeSeconds}. */
    public synchronized Optional<Instant> uptime(long uptimeSeconds, Instant at) {
        Instant start = at.minusSeconds(uptimeSeconds);
        Optional<Instant> lost = Optional.empty();
        Instant before = aliveBeforeReconnect;
        aliveBeforeReconnect = null;
        if (brokerStart != null && start.isAfter(brokerStart.plus(START_TOLERANCE))) {
            lost = Optional.of(since(start));
        } else if (before != null && start.isAfter(before.minus(ALIVE_SLACK))) {
            // lastAlive is the reconnect now; the messages at risk are those acknowledged before the drop
            lost = Optional.of(before.minus(window));
        }
        if (brokerStart == null || lost.isPresent() || start.isBefore(brokerStart)) {
            brokerStart = start;
        }
        lastAlive = at;
        return lost;
    }

    /** The broker acknowledged something at {@code at}: it was alive then. */
    public synchronized void alive(Instant at) {
        if (lastAlive == null || at.isAfter(lastAlive)) {
            lastAlive = at;
        }
    }

    private Instant since(Instant fallback) {
        Instant base = lastAlive == null || lastAlive.isAfter(fallback) ? fallback : lastAlive;
        return base.minus(window);
    }
}
