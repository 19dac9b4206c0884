package org.lantaarn.sta.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.StreamInfo;
import org.lantaarn.sta.StaNode;
import org.lantaarn.sta.StaSource;

/**
 * The SensorThings view of what the gateway stored, built for one request: a Thing, Location, HistoricalLocation and
 * FeatureOfInterest per lamppost, a Sensor per sensor kind, an ObservedProperty per measured quantity, a Datastream
 * per node, stream and published value, and an Observation per stored window that carries the value (a window
 * without samples carries none and has no Observation; a suppressed value is an Observation with a null result).
 * Navigation is lazy and
 * memoised, so a request reads only the streams it touches, each once.
 *
 * <p>Not thread-safe: one instance per request.
 */
public final class StaModel {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final StaSource source;
    private List<StaNode> nodes;
    private final Map<String, Entity> things = new LinkedHashMap<>();
    private final Map<String, Entity> locations = new LinkedHashMap<>();
    private final Map<String, Entity> histories = new LinkedHashMap<>();
    private final Map<String, Entity> features = new LinkedHashMap<>();
    private final Map<String, Entity> sensors = new TreeMap<>();
    private final Map<String, Entity> properties = new TreeMap<>();
    private final Map<String, List<Entity>> datastreamsByNode = new HashMap<>();
    private final Map<String, List<Observation>> windows = new HashMap<>();
    private final Map<String, List<Entity>> observationsByDatastream = new HashMap<>();

    public StaModel(StaSource source) {
        this.source = source;
    }

    /** Every entity of one type. */
    public List<Entity> set(EntityType type) {
        nodes();
        return switch (type) {
            case THING -> List.copyOf(things.values());
            case LOCATION -> List.copyOf(locations.values());
            case HISTORICAL_LOCATION -> List.copyOf(histories.values());
            case FEATURE_OF_INTEREST -> List.copyOf(features.values());
            case DATASTREAM -> allDatastreams();
            case SENSOR -> {
                allDatastreams();
                yield List.copyOf(sensors.values());
            }
            case OBSERVED_PROPERTY -> {
                allDatastreams();
                yield List.copyOf(properties.values());
            }
            case OBSERVATION -> {
                List<Entity> all = new ArrayList<>();
                for (Entity d : allDatastreams()) {
                    all.addAll(d.follow("Observations"));
                }
                yield all;
            }
        };
    }

    private List<StaNode> nodes() {
        if (nodes == null) {
            nodes = source.nodes();
            for (StaNode n : nodes) {
                things.put(n.node(), thing(n));
                if (n.location() != null) {
                    locations.put(n.node(), location(n));
                    features.put(n.node(), feature(n));
                    Instant at = n.birth() != null && n.birth().at() != null ? n.birth().at() : n.lastSeen();
                    if (at != null) {
                        String id = n.node() + ":" + at;
                        ObjectNode p = F.objectNode();
                        p.put("time", at.toString());
                        histories.put(id, new Entity(EntityType.HISTORICAL_LOCATION, id, p, Map.of(
                                "Thing", () -> List.of(things.get(n.node())),
                                "Locations", () -> List.of(locations.get(n.node())))));
                    }
                }
            }
        }
        return nodes;
    }

    private List<Entity> allDatastreams() {
        List<Entity> all = new ArrayList<>();
        for (StaNode n : nodes()) {
            all.addAll(datastreams(n));
        }
        return all;
    }

    // ------------------------------------------------------------------ lampposts

    private Entity thing(StaNode n) {
        ObjectNode p = F.objectNode();
        p.put("name", n.node());
        p.put("description", n.location() != null && n.location().description() != null
                ? "Lamppost sensor node " + n.node() + ", " + n.location().description()
                : "Lamppost sensor node " + n.node());
        ObjectNode props = p.putObject("properties");
        props.put("site", n.site());
        props.put("nodeId", n.node());
        props.put("runtimeVersion", n.birth() == null ? null : n.birth().runtimeVersion());
        if (n.birth() == null || n.birth().configVersion() == null) {
            props.putNull("configVersion");
        } else {
            props.put("configVersion", n.birth().configVersion());
        }
        props.put("configHash", n.birth() == null ? null : n.birth().configHash());
        ObjectNode manifest = props.putObject("privacy");
        if (n.birth() != null) {
            for (StreamInfo s : n.birth().streams()) {
                manifest.set(s.id(), manifest(s));
            }
        }
        String id = n.node();
        return new Entity(EntityType.THING, id, p, Map.of(
                "Locations", () -> optional(locations.get(id)),
                "HistoricalLocations", () -> histories.values().stream().filter(h -> h.id().startsWith(id + ":")).toList(),
                "Datastreams", () -> datastreams(n)));
    }

    static ObjectNode manifest(StreamInfo s) {
        PrivacyManifest m = s.privacy();
        ObjectNode o = F.objectNode();
        o.put("sensor", s.sensor());
        o.put("windowSeconds", s.windowSeconds());
        o.put("measures", m.measures());
        o.put("personalDataInRawInput", m.personalDataInRawInput());
        o.put("k", m.k());
        o.put("epsilon", m.epsilon());
        o.put("keyRotationSeconds", m.keyRotationSeconds());
        o.put("rawData", m.rawData());
        o.put("clip", m.clip());
        ObjectNode disclosures = o.putObject("disclosures");
        m.disclosures().forEach(disclosures::put);
        return o;
    }

    private Entity location(StaNode n) {
        ObjectNode p = F.objectNode();
        p.put("name", n.location().description() != null ? n.location().description() : "Lamppost " + n.node());
        p.put("description", "Where lamppost node " + n.node() + " hangs");
        p.put("encodingType", "application/geo+json");
        p.set("location", point(n.location()));
        String id = n.node();
        return new Entity(EntityType.LOCATION, id, p, Map.of(
                "Things", () -> List.of(things.get(id)),
                "HistoricalLocations", () -> histories.values().stream().filter(h -> h.id().startsWith(id + ":")).toList()));
    }

    private Entity feature(StaNode n) {
        ObjectNode p = F.objectNode();
        p.put("name", n.location().description() != null ? n.location().description() : "Lamppost " + n.node());
        p.put("description", "The street around lamppost " + n.node());
        p.put("encodingType", "application/geo+json");
        p.set("feature", point(n.location()));
        String id = n.node();
        return new Entity(EntityType.FEATURE_OF_INTEREST, id, p, Map.of(
                "Observations", () -> datastreams(n).stream().flatMap(d -> d.follow("Observations").stream()).toList()));
    }

    static ObjectNode point(Location l) {
        ObjectNode g = F.objectNode();
        g.put("type", "Point");
        ArrayNode c = g.putArray("coordinates");
        c.add(l.lon());
        c.add(l.lat());
        return g;
    }

    // ------------------------------------------------------------------ streams

    private List<Entity> datastreams(StaNode n) {
        List<Entity> cached = datastreamsByNode.get(n.node());
        if (cached != null) {
            return cached;
        }
        List<Entity> out = new ArrayList<>();
        if (n.birth() != null) {
            for (StreamInfo s : n.birth().streams()) {
                List<Observation> obs = windows(n.node(), s.id());
                Map<String, String> units = new LinkedHashMap<>();
                for (Observation o : obs) {
                    o.units().forEach(units::putIfAbsent);
                    o.values().keySet().forEach(v -> units.putIfAbsent(v, ""));
                }
                for (Map.Entry<String, String> v : units.entrySet()) {
                    out.add(datastream(n, s, v.getKey(), v.getValue(), obs));
                }
            }
        }
        datastreamsByNode.put(n.node(), out);
        return out;
    }

    private List<Observation> windows(String node, String stream) {
        return windows.computeIfAbsent(node + ":" + stream, k -> source.observations(node, stream));
    }

    private Entity datastream(StaNode n, StreamInfo s, String value, String wireUnit, List<Observation> obs) {
        String id = StaIds.datastream(n.node(), s.id(), value);
        Vocabulary.Property prop = Vocabulary.property(value, wireUnit);
        Vocabulary.Unit unit = Vocabulary.unit(wireUnit);
        Entity sensor = sensors.computeIfAbsent(s.sensor(), this::sensor);
        Entity observed = properties.computeIfAbsent(prop.id(), k -> observedProperty(prop));
        ObjectNode p = F.objectNode();
        p.put("name", n.node() + " " + s.id() + " " + value);
        p.put("description", prop.description() + " (" + value + ") from stream " + s.id() + " of lamppost " + n.node()
                + ", per " + s.windowSeconds() + " s window");
        ObjectNode u = p.putObject("unitOfMeasurement");
        u.put("name", unit.name());
        u.put("symbol", unit.symbol());
        u.put("definition", unit.definition());
        p.put("observationType", Vocabulary.observationType(wireUnit));
        List<Observation> with = obs.stream().filter(o -> o.values().containsKey(value)).toList();
        if (with.isEmpty()) {
            p.putNull("phenomenonTime");
            p.putNull("resultTime");
        } else {
            Observation first = with.getFirst();
            Observation last = with.getLast();
            p.put("phenomenonTime", first.start() + "/" + last.end());
            p.put("resultTime", first.end() + "/" + last.end());
        }
        ObjectNode props = p.putObject("properties");
        props.put("node", n.node());
        props.put("stream", s.id());
        props.put("value", value);
        props.put("wireUnit", wireUnit);
        props.set("privacy", manifest(s));
        props.put("disclosure", s.privacy().disclosures().get(value));
        Entity[] self = new Entity[1];
        self[0] = new Entity(EntityType.DATASTREAM, id, p, Map.of(
                "Thing", () -> List.of(things.get(n.node())),
                "Sensor", () -> List.of(sensor),
                "ObservedProperty", () -> List.of(observed),
                "Observations", () -> observationsByDatastream.computeIfAbsent(id,
                        k -> obs.stream().filter(o -> o.values().containsKey(value))
                                .map(o -> observation(n, o, value, self[0])).toList())));
        return self[0];
    }

    private Entity sensor(String kind) {
        ObjectNode p = F.objectNode();
        p.put("name", kind);
        p.put("description", "Lantaarn " + kind + " sensor (the drivers of this kind, their settings and wiring)");
        p.put("encodingType", "text/markdown");
        p.put("metadata", "docs/sensors.md#drivers-and-their-settings");
        return new Entity(EntityType.SENSOR, StaIds.sensor(kind), p, Map.of(
                "Datastreams", () -> allDatastreams().stream().filter(d -> d.follow("Sensor").getFirst().id().equals(kind)).toList()));
    }

    private Entity observedProperty(Vocabulary.Property prop) {
        ObjectNode p = F.objectNode();
        p.put("name", prop.name());
        p.put("definition", prop.definition());
        p.put("description", prop.description());
        return new Entity(EntityType.OBSERVED_PROPERTY, prop.id(), p, Map.of(
                "Datastreams", () -> allDatastreams().stream()
                        .filter(d -> d.follow("ObservedProperty").getFirst().id().equals(prop.id())).toList()));
    }

    private Entity observation(StaNode n, Observation o, String value, Entity datastream) {
        ObjectNode p = ObservationJson.of(o, value);
        String id = StaIds.observation(n.node(), o.stream(), o.seq(), value);
        return new Entity(EntityType.OBSERVATION, id, p, Map.of(
                "Datastream", () -> List.of(datastream),
                "FeatureOfInterest", () -> optional(features.get(n.node()))));
    }

    private static List<Entity> optional(Entity e) {
        return e == null ? List.of() : List.of(e);
    }
}
