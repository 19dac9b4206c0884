package org.lantaarn.node.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.UplinkConfig;
import org.lantaarn.protocol.Location;

/** Node configurations for tests. */
public final class Configs {
    private Configs() {}

    public static final Location LOCATION = new Location(51.6886, 5.3042, 6.0, "lamppost 14, Hinthamerstraat");

    public static NodeConfig node(String id, String broker, Duration window, StreamConfig... streams) {
        return new NodeConfig(id, "den-bosch", 3, LOCATION, "visitor flow", "public task", UplinkConfig.to(broker),
                window, List.of(streams));
    }

    public static StreamConfig stream(String id, String sensor) {
        return StreamConfig.of(id, sensor, null);
    }

    public static StreamConfig stream(String id, String sensor, int k) {
        return new StreamConfig(id, sensor, null, null, null, Map.of(), new PrivacyConfig(k, null, PrivacyConfig.DEFAULT_KEY_ROTATION), null);
    }
}
