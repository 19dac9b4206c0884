package org.lantaarn.node.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored message: its seq, stream, schema, the exact encoded JSON that is published (so a resend
 * is byte-identical), when it was stored and when the broker last acknowledged it ({@code null} if never).
 */
public record OutboxRow(long seq, String stream, String schema, String payload, Instant createdAt, Instant publishedAt) {
    public OutboxRow {
        if (seq < 1) {
            throw new IllegalArgumentException("outbox row seq must be at least 1: " + seq);
        }
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
