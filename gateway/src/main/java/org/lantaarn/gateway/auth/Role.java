package org.lantaarn.gateway.auth;

/** What a token may do: a viewer reads, an operator reads and changes. */
public enum Role {
    VIEWER, OPERATOR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be viewer or operator: " + s);
    }
}
