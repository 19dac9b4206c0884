package org.lantaarn.node.window;

import java.time.Instant;

/** Receives the windows of a {@link TumblingWindows} in order, on the scheduler thread that closed them. */
public interface WindowListener<A extends WindowAccumulator> {
    /**
     * A window has ended. {@code partial} is true for the first window when the stream started after
     * that window's start.
     */
    void closed(Window window, A contents, boolean partial);

    /**
     * Windows that were not closed one by one because the clock jumped or the node stalled: {@code windows}
     * windows covering {@code [from, to)}, all without data. Reported so the loss is loud.
     */
    void skipped(Instant from, Instant to, long windows);
}
