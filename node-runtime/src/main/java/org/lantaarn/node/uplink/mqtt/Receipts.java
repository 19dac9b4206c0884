package org.lantaarn.node.uplink.mqtt;

import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.uplink.Delivery;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's receipts on the node's {@code receipt} topic: decoding them (a malformed one is logged and ignored)
 * and applying what {@link Delivery} made of one to the outbox — moving the waiting rows of a wiped node above the
 * gateway's seq, and deleting every row the receipt covers. Both outbox changes run on the outbox's writer thread.
 * Thread-safe (stateless apart from its collaborators).
 */
final class Receipts {
    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final String node;
    private final Outbox outbox;
    private final JsonCodec codec;

    Receipts(String node, Outbox outbox, JsonCodec codec) {
        this.node = node;
        this.outbox = outbox;
        this.codec = codec;
    }

    /** The seq a receipt payload confirms, or -1 for a cleared retained receipt or anything that is not a receipt. */
    long seqOf(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return -1; // a cleared retained receipt
        }
        switch (codec.decode(topic, payload)) {
            case Decoded.Accepted(Receipt r) -> {
                return r.seq();
            }
            case Decoded.Accepted(var other) -> log.warn("node {}: ignoring a {} message on the receipt topic", node, other.schema());
            case Decoded.Rejected(var rejection) -> log.warn("node {}: ignoring a malformed receipt: {}", node, rejection);
        }
        return -1;
    }

    /** Applies a receipt up to {@code seq}; {@code last} is the highest seq the outbox had assigned when it came. */
    void apply(long seq, long last, Delivery.ReceiptVerdict verdict) {
        if (verdict.rebaseAbove() >= 0) {
            // The gateway holds seqs this outbox never assigned: the node's data was wiped and its seqs began again
            // at 1. Its new rows move above the receipt, or the gateway would take them for duplicates.
            log.warn("node {}: the gateway has everything up to seq {}, but this outbox has only assigned up to {} "
                    + "(its data was reset); moving the waiting rows and the next seqs above {}", node, seq, last, seq);
            outbox.rebaseAboveAsync(verdict.rebaseAbove()).whenComplete((n, e) -> {
                if (e != null) {
                    log.error("node {}: moving the outbox above seq {} failed: {}", node, seq, e.toString());
                } else {
                    log.warn("node {}: {} waiting rows now follow seq {}", node, n, seq);
                }
            });
        }
        outbox.confirmUpToAsync(seq).whenComplete((n, e) -> {
            if (e != null) {
                log.warn("node {}: applying receipt up to seq {} failed: {}", node, seq, e.toString());
            } else {
                log.debug("node {}: receipt up to seq {} confirmed {} rows", node, seq, n);
            }
        });
    }
}
