package org.lantaarn.protocol;

/**
 * Health of one stream: its state ({@code ok}, {@code sensor-fault}, {@code sensor-absent}, {@code no-samples}) and
 * the faults counted since start. Nothing about what was measured: no sample counts and no times, since for a stream
 * that counts people either would count them too.
 */
public record StreamHealth(long faults, String state) {
    public StreamHealth {
        if (faults < 0) {
            throw new IllegalArgumentException("stream health counters must not be negative");
        }
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("stream health state must be given");
        }
    }
}
