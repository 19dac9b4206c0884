package org.lantaarn.sta.model;

import java.util.Map;

/**
 * Public definitions for what Lantaarn measures: an observed property per value (the part of its name before the
 * first {@code .}, so {@code temperature.mean} and {@code temperature.max} observe {@code temperature}) with a URI
 * from a public vocabulary — the CF standard names (NERC vocabulary server) for weather and air quality, QUDT
 * quantity kinds for sound levels and counts — and the UCUM form of each unit the nodes send.
 */
public final class Vocabulary {
    private static final String CF = "http://vocab.nerc.ac.uk/standard_name/";
    private static final String QUDT = "http://qudt.org/vocab/quantitykind/";
    /** Where UCUM itself is defined; each unit's symbol is a UCUM expression. */
    public static final String UCUM = "http://unitsofmeasure.org/ucum.html";
    public static final String MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";
    public static final String COUNT_OBSERVATION = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation";

    /** An observed property: public id, name, definition URI and description. */
    public record Property(String id, String name, String definition, String description) {}

    /** A unit of measurement in UCUM. */
    public record Unit(String name, String symbol, String definition) {}

    private static final Map<String, Property> PROPERTIES = Map.ofEntries(
            p("temperature", "Air temperature", CF + "air_temperature/", "Temperature of the air at the lamppost"),
            p("humidity", "Relative humidity", CF + "relative_humidity/", "Relative humidity of the air"),
            p("pressure", "Air pressure", CF + "air_pressure/", "Air pressure at the lamppost"),
            p("pm2_5", "PM2.5", CF + "mass_concentration_of_pm2p5_ambient_aerosol_particles_in_air/",
                    "Mass concentration of particles up to 2.5 µm"),
            p("pm10", "PM10", CF + "mass_concentration_of_pm10_ambient_aerosol_particles_in_air/",
                    "Mass concentration of particles up to 10 µm"),
            p("rainfall", "Rainfall", CF + "thickness_of_rainfall_amount/", "Rain fallen in the window"),
            p("intensity", "Rainfall rate", CF + "rainfall_rate/", "Peak rain intensity in the window"),
            p("LAeq", "LAeq", QUDT + "SoundPressureLevel", "A-weighted equivalent continuous sound level"),
            p("LAFmax", "LAFmax", QUDT + "SoundPressureLevel", "Highest A-weighted sound level, fast time weighting"),
            p("LA10", "LA10", QUDT + "SoundPressureLevel", "A-weighted sound level exceeded 10 % of the window"),
            p("LA50", "LA50", QUDT + "SoundPressureLevel", "A-weighted sound level exceeded 50 % of the window"),
            p("LA90", "LA90", QUDT + "SoundPressureLevel", "A-weighted sound level exceeded 90 % of the window"),
            p("occupied", "Occupied fraction", QUDT + "DimensionlessRatio", "Share of the window with motion detected"));

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("Cel", new Unit("degree Celsius", "Cel", UCUM)),
            Map.entry("%RH", new Unit("percent (relative humidity)", "%", UCUM)),
            Map.entry("%", new Unit("percent", "%", UCUM)),
            Map.entry("Pa", new Unit("pascal", "Pa", UCUM)),
            Map.entry("hPa", new Unit("hectopascal", "hPa", UCUM)),
            Map.entry("dB", new Unit("decibel (A-weighted)", "dB", UCUM)),
            Map.entry("ug/m3", new Unit("microgram per cubic metre", "ug/m3", UCUM)),
            Map.entry("mm", new Unit("millimetre", "mm", UCUM)),
            Map.entry("mm/h", new Unit("millimetre per hour", "mm/h", UCUM)),
            Map.entry("s", new Unit("second", "s", UCUM)),
            Map.entry("count", new Unit("count", "{count}", UCUM)),
            Map.entry("/", new Unit("ratio", "1", UCUM)));

    private Vocabulary() {}

    /** The observed property a value name observes; counts and unknown names get a generic, still public, definition. */
    public static Property property(String valueName, String wireUnit) {
        String base = base(valueName);
        Property known = PROPERTIES.get(base);
        if (known != null) {
            return known;
        }
        if ("count".equals(wireUnit)) {
            return new Property(base, base, QUDT + "Count", "Number of " + base + " in the window");
        }
        return new Property(base, base, QUDT + "Dimensionless", base + " as the node publishes it");
    }

    /** The UCUM unit for a wire unit; a unit this table does not know is passed through as its own symbol. */
    public static Unit unit(String wireUnit) {
        Unit u = UNITS.get(wireUnit);
        return u != null ? u : new Unit(wireUnit, wireUnit, UCUM);
    }

    /** Counts are integers (OM_CountObservation); everything else is a measurement. */
    public static String observationType(String wireUnit) {
        return "count".equals(wireUnit) ? COUNT_OBSERVATION : MEASUREMENT;
    }

    static String base(String valueName) {
        int dot = valueName.indexOf('.');
        return dot < 0 ? valueName : valueName.substring(0, dot);
    }

    private static Map.Entry<String, Property> p(String id, String name, String definition, String description) {
        return Map.entry(id, new Property(id, name, definition, description));
    }
}
