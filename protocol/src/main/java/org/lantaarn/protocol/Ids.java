package org.lantaarn.protocol;

import java.util.regex.Pattern;

/** Rules for identifiers that become MQTT topic segments: node ids, stream ids, site ids. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {}

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
