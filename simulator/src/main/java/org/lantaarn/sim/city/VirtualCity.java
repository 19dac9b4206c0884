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
