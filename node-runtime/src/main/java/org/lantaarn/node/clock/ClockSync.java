package org.lantaarn.node.clock;

/**
 * Says whether the node's wall clock is synchronised (NTP, GNSS, ...). Windows closed while it is
 * {@link State#UNSYNCHRONISED} are flagged {@code clock-unsynced}; {@link State#UNKNOWN} flags nothing (the runtime
 * cannot tell, and says so once in the log). Implementations must answer quickly and never block a window.
 */
@FunctionalInterface
public interface ClockSync {
    /** What is known about the clock. */
    enum State { SYNCHRONISED, UNSYNCHRONISED, UNKNOWN }

    State state();

    /** A source that always answers {@code state}: for tests, and for nodes with a clock known to be good. */
    static ClockSync fixed(State state) {
        return () -> state;
    }

    /** The default on Linux: {@code timedatectl show -p NTPSynchronized --value}, asked at most once a minute. */
    static ClockSync timedatectl() {
        return new TimedatectlClockSync(java.time.Duration.ofMinutes(1));
    }
}
