package org.lantaarn.gateway.api;

import java.util.Objects;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.rollout.ConfigRollout;

/**
 * What the API needs to decide who may do what and to record it.
 *
 * @param tokens    the tokens that exist (stored hashed)
 * @param openReads reads need no token (the demo, or a closed network); changes always need an operator token
 * @param rollout   pushes signed configurations, or {@code null} when no operator keys are configured
 * @param audit     where changes are recorded
 */
public record ApiAccess(TokenStore tokens, boolean openReads, ConfigRollout rollout, AuditLog audit) {
    public ApiAccess {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(audit, "audit");
    }
}
