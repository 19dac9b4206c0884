package org.lantaarn.protocol;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for identifiers that become MQTT topic segments: node ids, stream ids, site ids. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Stream ids refused because they equal a fixed level of the topic tree: a stream {@code status} would publish
     * its twin copy on {@code twin/{site}/{node}/status}, the retained status topic twin consumers read; the others
     * ({@code nodes/{node}/health}, {@code config}, {@code config/ack}, {@code receipt}, {@code obs}) would read as
     * those topics to anyone matching levels by name. Compared without regard to case.
     */
    public static final Set<String> RESERVED_STREAM_IDS = Set.of("status", "health", "config", "receipt", "obs", "ack");

    private Ids() {}

    /** Why {@code id} cannot name a stream, or {@code null} when it can. */
    public static String streamProblem(String id) {
        if (!isValid(id)) {
            return "must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit";
        }
        String lower = id.toLowerCase(Locale.ROOT);
        if (RESERVED_STREAM_IDS.contains(lower)) {
            return "must not be '" + lower + "': it is a reserved topic level (reserved: status, health, config, receipt, obs, ack)";
        }
        return null;
    }

    /** Returns {@code id} or throws naming the field when it cannot name a stream (see {@link #streamProblem}). */
    public static String requireStream(String field, String id) {
        String problem = streamProblem(id);
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
        return id;
    }

    /** True when {@code id} can stand as one topic segment: 1–64 of {@code A–Z a–z 0–9 . _ -}, not starting with a symbol. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns {@code id} or throws naming the field (not the value, which may come from outside) when it is not a valid identifier. */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        return id;
    }
}
