package org.lantaarn.gateway.rollout;

import java.time.Clock;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Rejection;
import org.lantaarn.protocol.SignedConfig;

/**
 * Pushes signed configurations to nodes. A push is refused unless the payload is a {@code lantaarn.signed-config/1}
 * for the node named in the request, signed by one of the operator keys the gateway trusts, and its document
 * validates; then it is published retained (QoS 1) on the node's {@code config} topic and recorded as desired.
 * Thread-safe.
 */
public final class ConfigRollout {
    private final Publisher publisher;
    private final JsonCodec codec;
    private final TrustedKeys trusted;
    private final GatewayStore store;
    private final Clock clock;

    public ConfigRollout(Publisher publisher, JsonCodec codec, TrustedKeys trusted, GatewayStore store, Clock clock) {
        this.publisher = publisher;
        this.codec = codec;
        this.trusted = trusted;
        this.store = store;
        this.clock = clock;
    }

    /** The outcome of a push. */
    public sealed interface Outcome permits Published, Refused {}

    /** Published retained; {@code desired} is now recorded. */
    public record Published(DesiredConfig desired) implements Outcome {}

    /** Refused with a reason code (as a node would nack it, or {@code node-mismatch}) and a detail. */
    public record Refused(String reason, String detail) implements Outcome {}

    public Outcome push(String node, byte[] payload, String by) {
        Decoded d = codec.decodeSignedConfig(payload);
        if (d instanceof Decoded.Rejected(Rejection r)) {
            return new Refused(r.reason() == Rejection.Reason.TOO_LARGE ? "too-large" : "invalid-document", r.detail());
        }
        SignedConfig signed = (SignedConfig) ((Decoded.Accepted) d).message();
        if (!signed.node().equals(node)) {
            return new Refused("node-mismatch", "the signed configuration is for node " + signed.node() + ", not " + node);
        }
        return switch (ConfigSignatures.verify(signed, trusted)) {
            case ConfigSignatures.Refused(var refusal, var detail) -> new Refused(refusal.code(), detail);
            case ConfigSignatures.Verified v -> {
                try {
                    publisher.publish(codec.topics().config(node), codec.encode(signed), 1, true);
                } catch (Publisher.PublishException e) {
                    yield new Refused("broker-unavailable", "not published: " + e.getMessage());
                }
                DesiredConfig desired = new DesiredConfig(node, v.config().version(), v.sha256(), v.keyId(), clock.instant(), by);
                store.storeDesiredConfig(desired);
                yield new Published(desired);
            }
        };
    }
}
