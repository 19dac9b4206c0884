package org.lantaarn.protocol;

import java.util.Objects;

/** One stream of a node as announced in its status birth: id, sensor kind, window length and privacy manifest. */
public record StreamInfo(String id, String sensor, long windowSeconds, PrivacyManifest privacy) {
    public StreamInfo {
        Ids.requireStream("stream id", id);
        Objects.requireNonNull(sensor, "sensor");
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("stream windowSeconds must be at least 1: " + windowSeconds);
        }
        Objects.requireNonNull(privacy, "privacy");
    }
}
