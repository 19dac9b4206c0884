package org.lantaarn.node.uplink;

import java.time.Duration;
import java.util.Objects;

/**
 * How the uplink drains the outbox.
 *
 * @param resendAfter      when rows have been published but no receipt has moved for this long, the uplink sends
 *                         every unreceipted row again, in seq order (a broker may have dropped some); the wait doubles
 *                         after each resend that brings no receipt, up to {@link #MAX_RESEND_AFTER}, so a gateway
 *                         that is down does not cause resend storms
 * @param publishesPerSecond most outbox rows published per second, so a backlog after an outage drains without
 *                         flooding the broker (new windows keep being recorded meanwhile)
 */
public record DeliveryPolicy(Duration resendAfter, double publishesPerSecond) {
    /** The longest wait between two resends without a receipt. */
    public static final Duration MAX_RESEND_AFTER = Duration.ofMinutes(30);

    public DeliveryPolicy {
        Objects.requireNonNull(resendAfter, "resendAfter");
        if (resendAfter.isNegative() || resendAfter.isZero()) {
            throw new IllegalArgumentException("resendAfter must be positive: " + resendAfter);
        }
        if (!(publishesPerSecond > 0) || Double.isInfinite(publishesPerSecond)) {
            throw new IllegalArgumentException("publishesPerSecond must be a positive number: " + publishesPerSecond);
        }
    }

    /** Resend after 60 s without a receipt; at most 100 publishes a second (a week's backlog of a normal node in 10 min). */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(60), 100);
    }
}
