package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The audit log's anchor, kept outside the log file: how many entries it holds and the MAC of the last one. A log
 * cut short no longer reaches the anchor; a rewritten log cannot produce the anchored MAC without the key.
 *
 * @param entries how many entries the log holds
 * @param head    the MAC of the last entry (64 hex digits; 64 zeros for an empty log)
 * @param at      when the last entry was written
 */
public record AuditAnchor(long entries, String head, Instant at) {
    public AuditAnchor {
        if (entries < 0) {
            throw new IllegalArgumentException("audit anchor entries must not be negative: " + entries);
        }
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(at, "at");
    }
}
