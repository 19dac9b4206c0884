package org.lantaarn.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One window of one stream of one node ({@code lantaarn.obs/1}). {@code (node, seq)} is the idempotency
 * key end to end. A value is {@code null} when the privacy guard suppressed it. {@code site},
 * {@code location} and {@code metadata} are set only on the twin copy that the gateway republishes.
 */
public record Observation(
        String node,
        String stream,
        String sensor,
        long seq,
        Instant start,
        Instant end,
        Map<String, Double> values,
        Map<String, String> units,
        Quality quality,
        Privacy privacy,
        String site,
        Location location,
        Map<String, String> metadata) implements Message {

    public Observation {
        Ids.require("node", node);
        Ids.requireStream("stream", stream);
        Objects.requireNonNull(sensor, "sensor");
        if (sensor.isEmpty() || sensor.length() > MAX_SENSOR_CHARS) {
            throw new IllegalArgumentException("sensor must be 1-" + MAX_SENSOR_CHARS + " characters: " + sensor.length());
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1: " + seq);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end must be after start: " + start + " .. " + end);
        }
        values = copyAllowingNullValues(Objects.requireNonNull(values, "values"));
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null && !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("value " + e.getKey() + " must be a finite number: " + e.getValue());
            }
        }
        units = orderedCopy(Objects.requireNonNull(units, "units"));
        quality = Objects.requireNonNull(quality, "quality");
        privacy = Objects.requireNonNull(privacy, "privacy");
        if (site != null) {
            Ids.require("site", site);
        }
        metadata = metadata == null ? null : orderedCopy(metadata);
    }

    /** Longest sensor kind, in characters; the twin copy repeats it in its metadata (see {@link JsonCodec#TWIN_ENRICHMENT_BYTES}). */
    public static final int MAX_SENSOR_CHARS = 64;

    /** A node-side observation, without the twin enrichment. */
    public Observation(String node, String stream, String sensor, long seq, Instant start, Instant end,
                       Map<String, Double> values, Map<String, String> units, Quality quality, Privacy privacy) {
        this(node, stream, sensor, seq, start, end, values, units, quality, privacy, null, null, null);
    }

    @Override
    public String schema() {
        return SchemaIds.OBS;
    }

    /** The twin copy: this observation with site, location and sensor metadata added. */
    public Observation enriched(String site, Location location, Map<String, String> metadata) {
        return new Observation(node, stream, sensor, seq, start, end, values, units, quality, privacy, site, location, metadata);
    }

    /** The same observation under another sequence number (used when the outbox assigns it). */
    public Observation withSeq(long newSeq) {
        return new Observation(node, stream, sensor, newSeq, start, end, values, units, quality, privacy, site, location, metadata);
    }

    /** An unmodifiable copy that keeps the given order, so the same message always encodes to the same bytes. */
    private static Map<String, String> orderedCopy(Map<String, String> in) {
        Map<String, String> copy = new LinkedHashMap<>();
        in.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "value of " + k)));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Double> copyAllowingNullValues(Map<String, Double> in) {
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : in.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "value name"), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }
}
