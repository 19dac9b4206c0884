package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One refused message: when, on which topic, the reason code, a detail for a person and the payload size in
 * bytes. Never the payload itself: it may hold anything.
 */
public record RejectionRecord(Instant at, String topic, String reason, String detail, int size) {
    /** Longest topic and detail kept, in characters. */
    public static final int MAX_TEXT = 512;

    public RejectionRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        topic = clip(topic);
        detail = clip(detail);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
