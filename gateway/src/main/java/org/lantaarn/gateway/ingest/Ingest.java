package org.lantaarn.gateway.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.lantaarn.gateway.dedup.Deduplicator;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.SignedConfig;
import org.lantaarn.protocol.Rejection;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one incoming message: decodes it against its topic and stores it, durably, before returning, so the
 * transport may acknowledge it afterwards. A rejected message is stored as a rejection (never its payload), counted
 * per reason and logged as one WARN line. Messages on the nodes' {@code config} and {@code receipt} topics, which the
 * gateway itself writes, are ignored. Nothing from outside makes this throw; only a {@link StoreException} (the
 * store cannot work) propagates, so the message is not acknowledged and comes again.
 *
 * <p>Thread-safe; called from the MQTT client's delivery thread.
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    /** Counter name for messages that hit a gateway bug instead of a rejection reason. */
    public static final String INTERNAL_ERROR = "internal-error";

    /** What happened to one message. */
    public enum Outcome { STORED, DUPLICATE, REJECTED, IGNORED, FAILED }

    private final JsonCodec codec;
    private final Topics topics;
    private final GatewayStore store;
    private final Deduplicator dedup;
    private final Fleet fleet;
    private final Clock clock;
    private final List<IngestListener> listeners;
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder received = new LongAdder();

    public Ingest(JsonCodec codec, GatewayStore store, Deduplicator dedup, Fleet fleet, Clock clock, List<IngestListener> listeners) {
        this.codec = codec;
        this.topics = codec.topics();
        this.store = store;
        this.dedup = dedup;
        this.fleet = fleet;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Decodes and stores one message.
     *
     * @throws StoreException when the store cannot work; the caller must not acknowledge the message
     */
    public Outcome handle(String topic, byte[] payload) {
        received.increment();
        Instant now = clock.instant();
        int size = payload == null ? 0 : payload.length;
        Optional<Topics.Ref> ref = topics.parse(topic);
        if (ref.isPresent() && ref.get().kind() == Topics.Kind.RECEIPT) {
            // The gateway's own retained receipts: the starting point for a node this store has no record of.
            if (codec.decode(topic, payload) instanceof Decoded.Accepted(Receipt r)) {
                store.seedReceipt(r.node(), r.seq());
            }
            ignored.increment();
            return Outcome.IGNORED;
        }
        if (ref.isPresent() && ref.get().kind() == Topics.Kind.CONFIG) {
            ignored.increment();
            return Outcome.IGNORED;
        }
        Decoded decoded;
        try {
            decoded = codec.decode(topic, payload);
        } catch (RuntimeException e) {
            // The codec promises never to throw; if it does, that is its bug, not the sender's fault.
            decoded = Decoded.rejected(Rejection.Reason.INVALID_VALUE, "the decoder failed: " + e.getClass().getSimpleName());
            LOG.error("codec threw on a message on {}", printable(topic), e);
        }
        try {
            return switch (decoded) {
                // The codec's details name the field and the rule, never the refused bytes (tested in protocol).
                case Decoded.Rejected(Rejection r) -> reject(now, topic, r.reason().code(), r.detail(), size);
                case Decoded.Accepted(Message m) -> route(m, now);
            };
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            count(INTERNAL_ERROR);
            LOG.error("gateway bug while handling a message on {} ({} bytes)", printable(topic), size, e);
            return Outcome.FAILED;
        }
    }

    private Outcome route(Message m, Instant now) {
        switch (m) {
            case Observation o -> {
                return sequenced(o, now);
            }
            case Gap g -> {
                return sequenced(g, now);
            }
            case Status s -> {
                NodeRecord node = fleet.recordStatus(s, now);
                listeners.forEach(l -> l.statusStored(s, node));
                return Outcome.STORED;
            }
            case Health h -> {
                store.storeHealth(h, now);
                return Outcome.STORED;
            }
            case ConfigAck a -> {
                store.storeConfigAck(a, now);
                return Outcome.STORED;
            }
            case Receipt r -> {
                ignored.increment();
                return Outcome.IGNORED;
            }
            case SignedConfig c -> {
                ignored.increment(); // never reached: config topics are ignored before decoding
                return Outcome.IGNORED;
            }
        }
    }

    private Outcome sequenced(Message m, Instant now) {
        SequencedResult r = dedup.accept(m, now);
        listeners.forEach(l -> l.sequencedStored(m.node(), r));
        if (m instanceof Observation o) {
            listeners.forEach(l -> l.observationStored(o, r));
        }
        return r.isNew() ? Outcome.STORED : Outcome.DUPLICATE;
    }

    private Outcome reject(Instant now, String topic, String reason, String detail, int size) {
        count(reason);
        store.storeRejection(new RejectionRecord(now, printable(topic), reason, printable(detail), size));
        LOG.warn("rejected message on {} ({} bytes): {}: {}", printable(topic), size, reason, printable(detail));
        return Outcome.REJECTED;
    }

    private void count(String reason) {
        rejections.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Rejections counted by this gateway since start, per reason code (the store holds the totals of all replicas). */
    public Map<String, Long> rejectionCounts() {
        Map<String, Long> out = new TreeMap<>();
        rejections.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Messages received since start. */
    public long received() {
        return received.sum();
    }

    /** Messages ignored since start (the gateway's own receipts and configurations echoing back). */
    public long ignored() {
        return ignored.sum();
    }

    /** Text from outside made safe for one log line: control characters replaced, length capped. */
    static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > 300) {
            b.append("...");
        }
        return b.toString();
    }
}
