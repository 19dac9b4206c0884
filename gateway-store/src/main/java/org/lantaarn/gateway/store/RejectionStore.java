package org.lantaarn.gateway.store;

import java.time.Instant;

/** Refused messages: a bounded list and counts per reason that survive pruning. */
public interface RejectionStore {

    /** Stores a rejection. */
    void storeRejection(RejectionRecord rejection);

    /** Counts per reason since the store was created and the {@code recent} newest rejections. */
    RejectionSummary rejections(int recent);

    /**
     * Deletes rejections older than {@code before} and all but the {@code keep} newest; the counts per reason keep
     * counting the deleted ones.
     *
     * @return how many rejections were deleted
     */
    long pruneRejections(Instant before, int keep);
}
