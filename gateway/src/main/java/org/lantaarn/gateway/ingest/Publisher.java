package org.lantaarn.gateway.ingest;

/**
 * What the gateway sends back out over its MQTT session: receipts to nodes and the twin feed. Blocks until the
 * broker acknowledges a QoS 1 publish, so it must never be called from the thread that delivers incoming messages.
 */
public interface Publisher {

    /**
     * Publishes and waits for the broker's acknowledgement.
     *
     * @throws PublishException when not connected, on timeout, or when the broker refuses the publish
     */
    void publish(String topic, byte[] payload, int qos, boolean retained);

    /**
     * Publishes without waiting: the future completes when the broker has acknowledged the message, or exceptionally
     * with a {@link PublishException}. Several may be in flight; on one connection they reach the broker in order.
     * The default publishes synchronously.
     */
    default java.util.concurrent.CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
        try {
            publish(topic, payload, qos, retained);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (PublishException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the session is connected right now. */
    boolean isConnected();

    /** Publishing failed; the caller keeps the message and tries again later. */
    final class PublishException extends org.lantaarn.gateway.GatewayException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }

        public PublishException(String message) {
            super(message);
        }
    }
}
