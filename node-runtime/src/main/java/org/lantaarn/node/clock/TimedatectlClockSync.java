package org.lantaarn.node.clock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks systemd-timesyncd (or chrony, through timedated) with {@code timedatectl show -p NTPSynchronized --value}:
 * {@code yes} is synchronised, {@code no} is not, anything else (no systemd, no timedatectl) is unknown. The first
 * {@link #state()} asks and waits (at most 2 s); later ones return the last answer and ask again in the background
 * once it is older than the refresh interval. Thread-safe.
 */
final class TimedatectlClockSync implements ClockSync {
    private static final Logger log = LoggerFactory.getLogger(TimedatectlClockSync.class);

    private final long refreshNanos;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile State last;
    private volatile long askedAt;
    private volatile boolean reportedUnknown;

    TimedatectlClockSync(Duration refresh) {
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public State state() {
        State s = last;
        if (s == null) {
            ask();
            return last;
        }
        if (System.nanoTime() - askedAt > refreshNanos && asking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("lantaarn-clock-sync").start(() -> {
                try {
                    ask();
                } finally {
                    asking.set(false);
                }
            });
        }
        return s;
    }

    private void ask() {
        State s = probe();
        if (s == State.UNKNOWN && !reportedUnknown) {
            reportedUnknown = true;
            log.info("clock synchronisation unknown (timedatectl gave no answer); windows are not flagged clock-unsynced");
        }
        last = s;
        askedAt = System.nanoTime();
    }

    static State parse(String output) {
        return switch (output.strip()) {
            case "yes" -> State.SYNCHRONISED;
            case "no" -> State.UNSYNCHRONISED;
            default -> State.UNKNOWN;
        };
    }

    private static State probe() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                    .redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return State.UNKNOWN;
                }
                String out = new String(in.readNBytes(256), StandardCharsets.UTF_8);
                return p.exitValue() == 0 ? parse(out) : State.UNKNOWN;
            }
        } catch (IOException e) {
            return State.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.UNKNOWN;
        }
    }
}
