package org.lantaarn.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node reaches the broker and how much it may keep while it cannot.
 *
 * @param broker        broker URI, {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param topicPrefix   topic prefix, default {@code lantaarn/v1}
 * @param tls           TLS files for mutual TLS, or {@code null} for a plain connection
 * @param sessionExpiry how long the broker keeps the node's session while it is away
 * @param outbox        limits on the node's outbox
 */
public record UplinkConfig(String broker, String topicPrefix, TlsConfig tls, Duration sessionExpiry, OutboxLimits outbox) {
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);

    public UplinkConfig {
        Objects.requireNonNull(broker, "broker");
        topicPrefix = topicPrefix == null ? "lantaarn/v1" : topicPrefix;
        sessionExpiry = sessionExpiry == null ? DEFAULT_SESSION_EXPIRY : sessionExpiry;
        outbox = outbox == null ? OutboxLimits.defaults() : outbox;
    }

    /** A plain uplink to {@code broker} with every other setting at its default. */
    public static UplinkConfig to(String broker) {
        return new UplinkConfig(broker, null, null, null, null);
    }
}
