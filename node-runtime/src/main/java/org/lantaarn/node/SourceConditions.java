package org.lantaarn.node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantaarn.node.sensor.SampleSink;

/**
 * Passes what a stream's driver delivers on to its windows and remembers the source's conditions
 * ({@link SampleSink#condition}), so that every window carries, in its quality flags, each condition that held
 * while it was open: {@code source-ended}, {@code sensor-absent: open timed out after 10s},
 * {@code capture-unreadable: ...}. Thread-safe: drivers deliver on their threads, windows close on the scheduler.
 */
final class SourceConditions implements SampleSink {
    private final SampleSink next;
    private final Set<String> seen = new LinkedHashSet<>(); // set since the last window closed
    private String active;

    SourceConditions(SampleSink next) {
        this.next = next;
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        next.sample(at, values);
    }

    @Override
    public void event(Instant at, String name, long count) {
        next.event(at, name, count);
    }

    @Override
    public void fault(Instant at, String reason) {
        next.fault(at, reason);
    }

    @Override
    public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        next.device(at, token, randomised, keyEpochStart);
    }

    @Override
    public synchronized void condition(Instant at, String flag) {
        active = flag;
        if (flag != null) {
            seen.add(flag);
        }
    }

    /** The condition now, or null. */
    synchronized String active() {
        return active;
    }

    /** The flags of the window closing now: conditions set since the last close, and the one holding now. */
    synchronized List<String> closing() {
        List<String> flags = new ArrayList<>(seen);
        if (active != null && !flags.contains(active)) {
            flags.add(active);
        }
        seen.clear();
        return flags;
    }
}
