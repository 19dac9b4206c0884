package org.lantaarn.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * The gateway's end-to-end receipt ({@code lantaarn.receipt/1}), retained on the node's {@code receipt}
 * topic: every message of the node up to and including {@code seq} is durably stored.
 */
public record Receipt(String node, long seq, Instant at) implements Message {
    public Receipt {
        Ids.require("node", node);
        if (seq < 0) {
            throw new IllegalArgumentException("receipt seq must not be negative: " + seq);
        }
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String schema() {
        return SchemaIds.RECEIPT;
    }
}
