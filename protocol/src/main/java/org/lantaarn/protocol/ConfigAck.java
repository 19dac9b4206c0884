package org.lantaarn.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * A node's answer to a configuration ({@code lantaarn.config-ack/1}): the version and sha256 of the
 * document it concerns, whether it was {@code applied}, {@code rejected} or {@code rolled-back}, and
 * for the latter two the reason.
 */
public record ConfigAck(String node, long version, String sha256, Result result, String reason, Instant at)
        implements Message {

    /** Outcome of a configuration push. */
    public enum Result {
        APPLIED("applied"), REJECTED("rejected"), ROLLED_BACK("rolled-back");

        private final String wire;

        Result(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Result fromWire(String s) {
            for (Result r : values()) {
                if (r.wire.equals(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("result must be applied, rejected or rolled-back");
        }
    }

    public ConfigAck {
        Ids.require("node", node);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(at, "at");
        if (result != Result.APPLIED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + result.wire() + " ack must give a reason");
        }
    }

    @Override
    public String schema() {
        return SchemaIds.CONFIG_ACK;
    }
}
