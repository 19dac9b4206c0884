package org.lantaarn.sim.city;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.config.Durations;
import org.lantaarn.protocol.Location;

/**
 * Writes the configuration documents of simulated lampposts along a street: each node measures
 * climate, fine dust and motion with simulated drivers and publishes to one broker. The documents
 * are ordinary {@code lantaarn.config/1} YAML, so they pass through the same loader and validator as
 * a real node's.
 */
public final class VirtualCity {
    /** Why the simulated nodes measure, as their configuration states it. */
    public static final String PURPOSE =
            "Simulated lamppost: visitor movement and air quality in the city centre for the digital twin";
    public static final String LEGAL_GROUND = "Public task of the municipality (GDPR article 6(1)(e))";

    private VirtualCity() {}

    /** Node id → configuration document, for {@code n} nodes along {@code street}, ids {@code <slug>-01}, {@code <slug>-02}, ... */
    public static Map<String, String> documents(Street street, int n, String broker, Duration window) {
        List<Location> posts = street.lampposts(n);
        int digits = Math.max(2, String.valueOf(n).length());
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = street.slug() + "-" + String.format(Locale.ROOT, "%0" + digits + "d", i + 1);
            out.put(id, document(id, street.site(), posts.get(i), broker, window));
        }
        return out;
    }

    /**
     * The live crowd is read as it is written, so its frames carry the node's clock when read: a frame written just
     * before a window closed and read just after it would otherwise be dropped as late (it is, from a real pipe).
     */
    private static final String ARRIVAL = "      timestamps: arrival\n";

    /**
     * Node id → configuration document for the demo street: {@code n} lampposts, each measuring every sensor kind
     * through the node's real drivers where the simulator can feed them (Wi-Fi presence from a live virtual crowd,
     * sound from synthetic street noise, rain from a virtual bucket) and simulated climate, fine dust and motion,
     * all following {@code scenario}.
     */
    public static Map<String, String> street(Street street, int n, String broker, Duration window, Scenario scenario) {
        Map<String, String> base = documents(street, n, broker, window);
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : base.entrySet()) {
            String where = String.format(Locale.ROOT, """
                          dayStart: "%s"
                          dayLength: %s
                          startHour: %s
                          post: %d
                          posts: %d
                    """, scenario.dayStart(), Durations.format(scenario.dayLength()), scenario.startHour(), i++, n);
            out.put(e.getKey(), e.getValue() + """
                      - id: visitors
                        sensor: wifi-presence
                        driver: simulated
                        settings:
                    """ + ARRIVAL + where + """
                        privacy:
                          k: 5
                      - id: noise
                        sensor: sound-level
                        driver: simulated
                        settings:
                    """ + where + """
                      - id: rain
                        sensor: rain
                        driver: simulated
                        settings:
                    """ + where);
        }
        return out;
    }

    private static String document(String node, String site, Location at, String broker, Duration window) {
        return String.format(Locale.ROOT, """
                # Written by lantaarn-sim for a simulated lamppost.
                schema: lantaarn.config/1
                node: %s
                site: %s
                version: 1
                location:
                  lat: %.6f
                  lon: %.6f
                  height: %.1f
                  description: "%s"
                purpose: "%s"
                legalGround: "%s"
                uplink:
                  broker: "%s"
                window: %s
                streams:
                  - id: air
                    sensor: climate
                    driver: simulated
                    interval: 1s
                  - id: dust
                    sensor: particulates
                    driver: simulated
                    interval: 1s
                  - id: passers
                    sensor: motion
                    driver: simulated
                    interval: 1s
                    settings:
                      peakRate: 3
                    privacy:
                      k: 5
                """, node, site, at.lat(), at.lon(), at.height(), at.description(), PURPOSE, LEGAL_GROUND, broker,
                Durations.format(window));
    }
}
