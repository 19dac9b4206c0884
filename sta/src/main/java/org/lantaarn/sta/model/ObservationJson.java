package org.lantaarn.sta.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;

/**
 * One value of one window as a SensorThings Observation — the same JSON over HTTP and over MQTT.
 *
 * <ul>
 *   <li>{@code phenomenonTime}: the window, {@code start/end}; {@code resultTime}: the window's end.</li>
 *   <li>{@code result}: the value; a count as an integer.</li>
 *   <li>{@code resultQuality}: {@code {"coverage": 0.98, "flags": [...]}} from the window's quality.</li>
 *   <li>{@code parameters}: {@code node}, {@code stream}, {@code seq} and {@code privacy}: {@code k}, {@code epsilon}
 *       (the noise budget spent on <em>this</em> value, or the window's when no share is stated), {@code clip},
 *       {@code keyEpochStart} and {@code suppressed} (whether <em>this</em> value was suppressed).</li>
 *   <li><b>A suppressed value</b> (named in the window's {@code privacy.suppressed}): {@code result} is
 *       {@code null}, {@code resultQuality.flags} contains {@code "suppressed"} and {@code resultQuality.reason} is
 *       {@code "privacy"}. A value that is null without being suppressed (a sensor that delivered nothing) has the
 *       flag {@code "missing"} and reason {@code "no-data"}. docs/protocol.md states the same rule.</li>
 * </ul>
 */
public final class ObservationJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The flag and reason of a value the privacy gate withheld. */
    public static final String SUPPRESSED = "suppressed";
    public static final String PRIVACY = "privacy";

    private ObservationJson() {}

    public static ObjectNode of(Observation o, String value) {
        ObjectNode p = F.objectNode();
        p.put("phenomenonTime", o.start() + "/" + o.end());
        p.put("resultTime", o.end().toString());
        Double v = o.values().get(value);
        String unit = o.units().get(value);
        Privacy privacy = o.privacy();
        boolean suppressed = privacy.suppressed().contains(value);
        if (v == null || suppressed) {
            p.putNull("result");
        } else if ("count".equals(unit) && v == Math.rint(v) && Math.abs(v) < 1e15) {
            p.put("result", v.longValue());
        } else {
            p.put("result", v);
        }
        ObjectNode q = p.putObject("resultQuality");
        q.put("coverage", o.quality().coverage());
        ArrayNode flags = q.putArray("flags");
        o.quality().flags().forEach(flags::add);
        if (suppressed) {
            flags.add(SUPPRESSED);
            q.put("reason", PRIVACY);
        } else if (v == null) {
            flags.add("missing");
            q.put("reason", "no-data");
        }
        ObjectNode params = p.putObject("parameters");
        params.put("node", o.node());
        params.put("stream", o.stream());
        params.put("seq", o.seq());
        ObjectNode pr = params.putObject("privacy");
        pr.put("k", privacy.k());
        pr.put("suppressed", suppressed);
        // the share of the noise budget spent on this value; the stream-window's budget when the node states no share
        pr.put("epsilon", privacy.epsilons().getOrDefault(value, privacy.epsilon()));
        pr.put("clip", privacy.clip());
        pr.put("keyEpochStart", privacy.keyEpochStart() == null ? null : privacy.keyEpochStart().toString());
        return p;
    }
}
