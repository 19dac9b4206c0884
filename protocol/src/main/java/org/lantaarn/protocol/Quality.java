package org.lantaarn.protocol;

import java.util.List;

/**
 * How much of the window the value covers (0..1, share of expected samples that arrived) and flags
 * such as {@code sensor-fault}, {@code rh>75}, {@code clock-unsynced}.
 */
public record Quality(double coverage, List<String> flags) {
    public Quality {
        if (!(coverage >= 0.0 && coverage <= 1.0)) {
            throw new IllegalArgumentException("quality coverage must be between 0 and 1: " + coverage);
        }
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    public static Quality full() {
        return new Quality(1.0, List.of());
    }
}
