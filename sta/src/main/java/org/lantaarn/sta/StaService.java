package org.lantaarn.sta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lantaarn.sta.http.EntityWriter;
import org.lantaarn.sta.http.ResourcePath;
import org.lantaarn.sta.model.EntityType;
import org.lantaarn.sta.model.StaModel;
import org.lantaarn.sta.query.QueryException;
import org.lantaarn.sta.query.QueryOptions;

/**
 * OGC SensorThings API 1.1, Part 1: Sensing, read-only, over a {@link StaSource}: the service document, entity sets,
 * entities, navigation paths, properties with {@code $value}, {@code $ref}, and the query options. Transport-free: the
 * gateway's HTTP server hands it the path below the service root and the decoded query parameters, and writes back
 * the {@link StaResponse}. A bad request is a 400 (404 for a path naming nothing) whose JSON body names the offending
 * part: {@code {"code":400,"type":"error","message":"$filter at position 8 near 'foo': ..."}}.
 *
 * <p>Thread-safe: every request builds its own view of the source.
 */
public final class StaService {
    /** The version segment of the service root and of the MQTT topics. */
    public static final String VERSION = "v1.1";
    /** Conformance classes served (OGC 18-088): the data model, resource paths, query options and MQTT updates. */
    public static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/receive-updates-via-mqtt/receive-updates");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final StaSource source;
    private final Clock clock;
    private final List<String> mqttEndpoints;

    /** {@code mqttEndpoints}: where a client subscribes for updates ({@code mqtt://host:1883}), listed in the service document. */
    public StaService(StaSource source, Clock clock, List<String> mqttEndpoints) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mqttEndpoints = List.copyOf(mqttEndpoints);
    }

    /**
     * Answers one GET.
     *
     * @param base   the service root as the client reached it, such as {@code http://gw:8080/sta/v1.1}
     * @param path   the resource path below the root, decoded, without a leading {@code /} ({@code ""} for the root)
     * @param params the decoded query parameters
     */
    public StaResponse get(String base, String path, Map<String, String> params) {
        try {
            String p = path.startsWith("/") ? path.substring(1) : path;
            if (p.isEmpty()) {
                return json(200, serviceDocument(base));
            }
            QueryOptions options = QueryOptions.parse(params);
            EntityWriter writer = new EntityWriter(base, clock.instant());
            return switch (ResourcePath.resolve(new StaModel(source), p)) {
                case ResourcePath.Collection c -> json(200, c.ref()
                        ? writer.refs(c.entities(), c.path(), options)
                        : writer.collection(c.entities(), c.path(), options));
                case ResourcePath.Single s -> json(200, s.ref() ? writer.ref(s.entity()) : writer.entity(s.entity(), options));
                case ResourcePath.Property pr -> property(pr);
            };
        } catch (QueryException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private StaResponse property(ResourcePath.Property p) {
        JsonNode v = p.name().equals("id") || p.name().equals("@iot.id") ? F.textNode(p.entity().id()) : p.entity().properties().get(p.name());
        if (p.rawValue()) {
            String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : write(v);
            return new StaResponse(200, "text/plain; charset=utf-8", text);
        }
        ObjectNode o = F.objectNode();
        o.set(p.name(), v);
        return json(200, o);
    }

    private ObjectNode serviceDocument(String base) {
        ObjectNode o = F.objectNode();
        ArrayNode value = o.putArray("value");
        for (EntityType t : EntityType.values()) {
            ObjectNode set = value.addObject();
            set.put("name", t.setName());
            set.put("url", base + "/" + t.setName());
        }
        ObjectNode settings = o.putObject("serverSettings");
        ArrayNode conformance = settings.putArray("conformance");
        CONFORMANCE.forEach(conformance::add);
        ObjectNode mqtt = settings.putObject("http://www.opengis.net/spec/iot_sensing/1.1/req/receive-updates-via-mqtt/receive-updates");
        ArrayNode endpoints = mqtt.putArray("endpoints");
        mqttEndpoints.forEach(endpoints::add);
        return o;
    }

    private static StaResponse error(int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("code", status);
        o.put("type", "error");
        o.put("message", message);
        return json(status, o);
    }

    private static StaResponse json(int status, JsonNode body) {
        return new StaResponse(status, StaResponse.JSON, write(body));
    }

    private static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
