package org.lantaarn.sim.sensor;

import java.time.Duration;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.sim.wifi.LiveWifiCrowd;

/**
 * {@code wifi-presence} / {@code simulated}: the node's real pcap driver reading a {@link LiveWifiCrowd} instead of
 * a monitor-mode interface, so every probe passes through the real radiotap parser, signal filter, keyed tokens,
 * distinct counting and k suppression. The crowd follows the street's {@link ScenarioSettings scenario}; setting
 * {@code crowd} scales it (default 1).
 */
public final class SimulatedWifiProvider extends SimulatedProvider {
    public SimulatedWifiProvider() {
        super("wifi-presence", 0);
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        ScenarioSettings s = ScenarioSettings.of(stream);
        double scale = Settings.number(stream, "crowd", 1.0);
        return WifiPresenceProvider.openOn(stream, context, () -> new LiveWifiCrowd(context.clock(),
                millis -> scale * s.scenario().people(s.post(), s.posts(), java.time.Instant.ofEpochMilli(millis)), seed));
    }
}
