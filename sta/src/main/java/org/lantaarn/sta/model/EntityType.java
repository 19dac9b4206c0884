package org.lantaarn.sta.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The eight entity types of the SensorThings Sensing core, with their entity-set names and navigation properties. */
public enum EntityType {
    THING("Things", "Thing"),
    LOCATION("Locations", "Location"),
    HISTORICAL_LOCATION("HistoricalLocations", "HistoricalLocation"),
    DATASTREAM("Datastreams", "Datastream"),
    SENSOR("Sensors", "Sensor"),
    OBSERVED_PROPERTY("ObservedProperties", "ObservedProperty"),
    OBSERVATION("Observations", "Observation"),
    FEATURE_OF_INTEREST("FeaturesOfInterest", "FeatureOfInterest");

    /** A navigation property: its name, the type it leads to, and whether it leads to a set or one entity. */
    public record Nav(String name, EntityType target, boolean isSet) {}

    private final String setName;
    private final String singular;

    EntityType(String setName, String singular) {
        this.setName = setName;
        this.singular = singular;
    }

    public String setName() {
        return setName;
    }

    public String singular() {
        return singular;
    }

    /** The navigation properties of this type, in the standard's order. */
    public Map<String, Nav> navs() {
        Map<String, Nav> m = new LinkedHashMap<>();
        switch (this) {
            case THING -> {
                set(m, LOCATION);
                set(m, HISTORICAL_LOCATION);
                set(m, DATASTREAM);
            }
            case LOCATION -> {
                set(m, THING);
                set(m, HISTORICAL_LOCATION);
            }
            case HISTORICAL_LOCATION -> {
                one(m, THING);
                set(m, LOCATION);
            }
            case DATASTREAM -> {
                one(m, THING);
                one(m, SENSOR);
                one(m, OBSERVED_PROPERTY);
                set(m, OBSERVATION);
            }
            case SENSOR, OBSERVED_PROPERTY -> set(m, DATASTREAM);
            case OBSERVATION -> {
                one(m, DATASTREAM);
                one(m, FEATURE_OF_INTEREST);
            }
            case FEATURE_OF_INTEREST -> set(m, OBSERVATION);
        }
        return m;
    }

    public Optional<Nav> nav(String name) {
        return Optional.ofNullable(navs().get(name));
    }

    public static Optional<EntityType> bySetName(String name) {
        for (EntityType t : values()) {
            if (t.setName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static void set(Map<String, Nav> m, EntityType t) {
        m.put(t.setName, new Nav(t.setName, t, true));
    }

    private static void one(Map<String, Nav> m, EntityType t) {
        m.put(t.singular, new Nav(t.singular, t, false));
    }
}
