package org.lantaarn.protocol;

/**
 * Why a message was refused: a stable machine-readable {@link Reason} and a detail for a person
 * ("missing field 'seq'", "field 'end' must be after 'start'").
 */
public record Rejection(Reason reason, String detail) {

    /** Stable reason codes, counted per code by the gateway. */
    public enum Reason {
        TOO_LARGE("too-large"),
        UNKNOWN_TOPIC("unknown-topic"),
        MALFORMED_JSON("malformed-json"),
        UNKNOWN_SCHEMA("unknown-schema"),
        WRONG_SCHEMA_FOR_TOPIC("wrong-schema-for-topic"),
        MISSING_FIELD("missing-field"),
        WRONG_TYPE("wrong-type"),
        INVALID_VALUE("invalid-value"),
        NODE_MISMATCH("node-mismatch"),
        STREAM_MISMATCH("stream-mismatch");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public Rejection {
        java.util.Objects.requireNonNull(reason, "reason");
        java.util.Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason.code() + ": " + detail;
    }
}
