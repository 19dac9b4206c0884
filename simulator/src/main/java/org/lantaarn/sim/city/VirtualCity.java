package org.lantaarn.sim.city;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.UplinkConfig;
import org.lantaarn.protocol.Location;

/**
 * Builds the configurations of simulated lampposts along a street: each node measures climate, fine
 * dust and motion with simulated drivers, publishes to one broker, and has a window of its own length.
 */
public final class VirtualCity {
    /** Why the simulated nodes measure, as their configuration states it. */
    public static final String PURPOSE =
            "Simulated lamppost: visitor movement and air quality in the city centre for the digital twin";
    public static final String LEGAL_GROUND = "Public task of the municipality (GDPR article 6(1)(e))";

    private VirtualCity() {}

    /** Configurations for {@code n} nodes along {@code street}, with ids {@code <slug>-01}, {@code <slug>-02}, ... */
    public static List<NodeConfig> nodes(Street street, int n, String broker, Duration window) {
        List<Location> posts = street.lampposts(n);
        int digits = Math.max(2, String.valueOf(n).length());
        List<NodeConfig> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = street.slug() + "-" + String.format(Locale.ROOT, "%0" + digits + "d", i + 1);
            out.add(new NodeConfig(id, street.site(), 1, posts.get(i), PURPOSE, LEGAL_GROUND,
                    UplinkConfig.to(broker), window, streams()));
        }
        return out;
    }

    private static List<StreamConfig> streams() {
        return List.of(
                new StreamConfig("air", "climate", "simulated", null, Duration.ofSeconds(1), Map.of(), null, null),
                new StreamConfig("dust", "particulates", "simulated", null, Duration.ofSeconds(1), Map.of(), null, null),
                new StreamConfig("passers", "motion", "simulated", null, Duration.ofSeconds(1), Map.of("peakRate", "3"),
                        PrivacyConfig.defaults(), null));
    }
}
