package org.lantaarn.node.aggregate;

import java.time.Instant;

/**
 * When each device was first seen in the current key epoch, so that a window can say how long its devices
 * have been around. Only within one epoch: a new key makes new tokens, and this table is wiped the moment
 * the first token of a new epoch arrives, so a dwell can never reach back across a key rotation. Holds at
 * most {@link DistinctDevices#EXACT_UP_TO} devices in {@link DistinctDevices#MAX_BYTES} bytes; devices
 * beyond that have an unknown dwell (flag {@code dwell-partial}). Shared by the windows of one stream and
 * called under the windows' lock. Not thread-safe.
 */
final class EpochDwell {
    private final TokenTable firstSeen = new TokenTable(DistinctDevices.SLOTS);
    private Instant epochStart;

    /** Seconds since {@code token} was first seen in its epoch, or {@link DistinctDevices#DWELL_UNKNOWN}. */
    int observe(long token, Instant at, Instant keyEpochStart) {
        if (keyEpochStart == null) {
            return DistinctDevices.DWELL_UNKNOWN;
        }
        if (!keyEpochStart.equals(epochStart)) {
            if (epochStart != null && keyEpochStart.isBefore(epochStart)) {
                return DistinctDevices.DWELL_UNKNOWN; // a straggler from the previous epoch
            }
            firstSeen.clear();
            epochStart = keyEpochStart;
        }
        long sinceEpoch = Math.max(0, (at.toEpochMilli() - keyEpochStart.toEpochMilli()) / 1000);
        int now = (int) Math.min(sinceEpoch, DistinctDevices.DWELL_UNKNOWN - 1);
        int first = firstSeen.get(token);
        if (first == TokenTable.ABSENT) {
            return firstSeen.put(token, now) ? 0 : DistinctDevices.DWELL_UNKNOWN;
        }
        return Math.max(0, now - first);
    }

    /** The start of the epoch of the last token seen, or {@code null} before the first. */
    Instant epochStart() {
        return epochStart;
    }

    long bytes() {
        return firstSeen.bytes();
    }
}
