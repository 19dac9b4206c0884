/**
 * Trust in the wall clock: whether it is synchronised ({@link org.lantaarn.node.clock.ClockSync}) and whether it
 * stepped ({@link org.lantaarn.node.clock.ClockStepDetector}). Windows ask both when they close, so the aggregate
 * that leaves the node carries {@code clock-unsynced} or {@code clock-step} in its quality flags.
 */
package org.lantaarn.node.clock;
