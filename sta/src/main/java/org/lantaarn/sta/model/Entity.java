package org.lantaarn.sta.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One SensorThings entity: its type, its string id, its properties as JSON (without the {@code @iot} annotations),
 * and its navigation properties, computed only when a query follows them.
 */
public final class Entity {
    private final EntityType type;
    private final String id;
    private final ObjectNode properties;
    private final Map<String, Supplier<List<Entity>>> links;

    public Entity(EntityType type, String id, ObjectNode properties, Map<String, Supplier<List<Entity>>> links) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.links = Map.copyOf(links);
    }

    public EntityType type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** The entity's own properties; callers must not change them. */
    public ObjectNode properties() {
        return properties;
    }

    /** The entities a navigation property leads to (one element or none for a single-valued one). */
    public List<Entity> follow(String nav) {
        Supplier<List<Entity>> s = links.get(nav);
        return s == null ? List.of() : s.get();
    }

    /** The path of this entity inside the service: {@code Things('lamp-01')}. */
    public String path() {
        return type.setName() + "(" + StaIds.literal(id) + ")";
    }

    @Override
    public String toString() {
        return path();
    }
}
