package org.lantaarn.sta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.protocol.Observation;
import org.lantaarn.sta.http.EntityWriter;
import org.lantaarn.sta.model.Entity;
import org.lantaarn.sta.model.EntityType;
import org.lantaarn.sta.model.ObservationJson;
import org.lantaarn.sta.model.StaModel;
import org.lantaarn.sta.query.QueryOptions;
import org.lantaarn.sta.model.StaIds;

/**
 * The SensorThings MQTT extension (receiving updates): for each value of a newly stored window, the Observation as
 * the HTTP service would show it, on {@code v1.1/Datastreams('<id>')/Observations},
 * {@code v1.1/FeaturesOfInterest('<node>')/Observations} and {@code v1.1/Observations}; for a node's birth (which may
 * change its properties or move it), the Thing on {@code v1.1/Things('<node>')} and its Location on
 * {@code v1.1/Locations('<node>')}. The gateway publishes these on its broker; this class only says what to publish.
 */
public final class StaMqttMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One message to publish. */
    public record Message(String topic, byte[] payload) {}

    private StaMqttMessages() {}

    /** The entity updates after a node's birth: its Thing and, when it has one, its Location, as the HTTP service shows them. */
    public static List<Message> of(StaNode node, String base) {
        StaSource one = new StaSource() {
            @Override
            public List<StaNode> nodes() {
                return List.of(node);
            }

            @Override
            public List<Observation> observations(String n, String stream) {
                return List.of();
            }
        };
        StaModel model = new StaModel(one);
        EntityWriter writer = new EntityWriter(base, java.time.Instant.EPOCH);
        List<Message> out = new ArrayList<>();
        for (EntityType t : List.of(EntityType.THING, EntityType.LOCATION)) {
            for (Entity e : model.set(t)) {
                out.add(new Message(StaService.VERSION + "/" + e.path(), bytes(writer.entity(e, QueryOptions.none()))));
            }
        }
        return out;
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The topic of a Datastream's new Observations. */
    public static String datastreamTopic(String datastreamId) {
        return StaService.VERSION + "/Datastreams(" + StaIds.literal(datastreamId) + ")/Observations";
    }

    /**
     * The messages for one stored window: per value, on the Datastream's topic and on the Observations set's topic.
     *
     * @param base the service root for the self links ({@code http://gw:8080/sta/v1.1})
     */
    public static List<Message> of(Observation o, String base) {
        List<Message> out = new ArrayList<>();
        for (String value : o.values().keySet()) {
            String ds = StaIds.datastream(o.node(), o.stream(), value);
            String id = StaIds.observation(o.node(), o.stream(), o.seq(), value);
            ObjectNode json = MAPPER.createObjectNode();
            json.put("@iot.id", id);
            json.put("@iot.selfLink", base + "/Observations(" + StaIds.literal(id) + ")");
            json.setAll(ObservationJson.of(o, value));
            json.put("Datastream@iot.navigationLink", base + "/Observations(" + StaIds.literal(id) + ")/Datastream");
            byte[] payload = bytes(json);
            out.add(new Message(datastreamTopic(ds), payload));
            out.add(new Message(StaService.VERSION + "/FeaturesOfInterest(" + StaIds.literal(StaIds.featureOfInterest(o.node()))
                    + ")/Observations", payload));
            out.add(new Message(StaService.VERSION + "/Observations", payload));
        }
        return out;
    }
}
