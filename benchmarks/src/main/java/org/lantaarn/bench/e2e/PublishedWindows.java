package org.lantaarn.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;

/**
 * What a node's streams published during a benchmark, read from {@code mosquitto_sub -F '%t %p'} lines: for each
 * stream, how many observations carry the value that proves the stream really measured ({@code LAeq} for sound,
 * {@code devices} for Wi-Fi, any value for the others) against everything else it published (gap records such as
 * {@code sensor-absent}, windows without samples). A benchmark whose streams published only gaps measures nothing.
 */
final class PublishedWindows {
    private final JsonCodec codec = new JsonCodec();
    private final List<String> lines;

    PublishedWindows(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Counts for one stream: windows with the proving value, and all messages on its topic. */
    record Count(String stream, String value, long measured, long published) {
        String describe() {
            return String.format(Locale.ROOT, "stream %s: %d of %d messages are windows with %s", stream, measured, published,
                    value == null ? "values" : value);
        }
    }

    /** The counts for {@code stream} of {@code node}; {@code value} null means any value. */
    Count count(String node, String stream, String value) {
        String topic = "lantaarn/v1/nodes/" + node + "/obs/" + stream;
        long measured = 0;
        long published = 0;
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0 || !line.substring(0, space).equals(topic)) {
                continue;
            }
            published++;
            Decoded d = codec.decode(topic, line.substring(space + 1).getBytes(StandardCharsets.UTF_8));
            if (d instanceof Decoded.Accepted(Observation o) && measured(o.values(), value)) {
                measured++;
            }
        }
        return new Count(stream, value, measured, published);
    }

    private static boolean measured(Map<String, Double> values, String value) {
        return value == null ? !values.isEmpty() : values.containsKey(value);
    }

    /**
     * Checks that every stream measured: at least one window with its proving value, and at least half of what it
     * published (the first window may be partial, a later one may fall in a sensor's retry). Returns the counts.
     *
     * @param streams stream id → the value that proves it measured, or {@code ""} for any value
     * @throws IllegalStateException naming each stream that did not measure
     */
    List<Count> requireMeasured(String node, Map<String, String> streams) {
        List<Count> counts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        streams.forEach((stream, value) -> {
            Count c = count(node, stream, value.isEmpty() ? null : value);
            counts.add(c);
            if (c.measured() == 0 || c.measured() * 2 < c.published()) {
                failures.add(c.describe());
            }
        });
        if (!failures.isEmpty()) {
            throw new IllegalStateException("node " + node + " did not measure with every stream, so the footprint would not "
                    + "measure them: " + String.join("; ", failures));
        }
        return counts;
    }
}
