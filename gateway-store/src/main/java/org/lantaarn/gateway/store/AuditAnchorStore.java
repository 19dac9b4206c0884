package org.lantaarn.gateway.store;

import java.util.Optional;

/** The audit log's anchor: its length and last MAC, outside the log file. */
public interface AuditAnchorStore {

    /** Records the audit log's anchor (replaces the previous one); durable when this returns. */
    void storeAuditAnchor(AuditAnchor anchor);

    /** The audit log's anchor, if the log was ever written. */
    Optional<AuditAnchor> auditAnchor();
}
