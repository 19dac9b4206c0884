package org.lantaarn.gateway.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.AuditAnchor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the audit log's anchor retained at QoS 1 on {@code {prefix}/twin/_gateway/audit} (in the gateway's writable
 * tree; {@code _gateway} can never be a site id), as {@code {"schema":"lantaarn.audit-anchor/1","entries":..,
 * "head":..,"at":..}}, so operators hold a copy of the anchor outside the gateway's disk. Only the newest anchor is
 * sent; one that could not be sent is tried again every {@value #RETRY_SECONDS} s until a newer one replaces it.
 * Publishes on its own thread ({@code lantaarn-audit-anchor}); {@link #offer} never blocks. Thread-safe.
 */
public final class AuditAnchorPublisher implements AutoCloseable {
    /** Schema id of the retained anchor message. */
    public static final String SCHEMA = "lantaarn.audit-anchor/1";
    static final long RETRY_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorPublisher.class);

    private final Publisher publisher;
    private final String topic;
    private final AtomicReference<AuditAnchor> pending = new AtomicReference<>();
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("lantaarn-audit-anchor").daemon(true).factory());

    public AuditAnchorPublisher(Publisher publisher, String topicPrefix) {
        this.publisher = publisher;
        this.topic = topic(topicPrefix);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a pending retry does not hold up close()
    }

    /** The topic the anchor is published on under {@code topicPrefix}. */
    public static String topic(String topicPrefix) {
        return topicPrefix + "/twin/_gateway/audit";
    }

    /** The anchor as published. */
    public static byte[] payload(AuditAnchor a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("schema", SCHEMA);
        o.put("entries", a.entries());
        o.put("head", a.head());
        o.put("at", a.at().toString());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes {@code anchor} soon, replacing any older one not yet sent. */
    public void offer(AuditAnchor anchor) {
        pending.set(anchor);
        try {
            thread.execute(this::publishPending);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: the anchor is in the store, and the next start publishes it
        }
    }

    private void publishPending() {
        AuditAnchor a = pending.getAndSet(null);
        if (a == null) {
            return;
        }
        try {
            publisher.publish(topic, payload(a), 1, true);
        } catch (RuntimeException e) {
            if (pending.compareAndSet(null, a)) {
                LOG.debug("audit anchor not published ({}), trying again in {} s", e.getMessage(), RETRY_SECONDS);
                try {
                    thread.schedule(this::publishPending, RETRY_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closing: the anchor is in the store, and the next start publishes it
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
