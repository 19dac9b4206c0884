package org.lantaarn.protocol;

import java.time.Instant;

/** Health of one stream: the time of its last sample ({@code null} if none yet), samples and faults counted since start, and a state such as {@code ok}, {@code sensor-fault}, {@code sensor-absent}. */
public record StreamHealth(Instant lastSample, long samples, long faults, String state) {
    public StreamHealth {
        if (samples < 0 || faults < 0) {
            throw new IllegalArgumentException("stream health counters must not be negative");
        }
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("stream health state must be given");
        }
    }
}
