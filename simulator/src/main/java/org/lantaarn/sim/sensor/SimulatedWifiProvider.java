package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.Disclosure;
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

    /** The real pcap driver's disclosure classes: its values are computed by that driver. */
    private static final Map<String, Disclosure> DISCLOSURES = new WifiPresenceProvider().disclosures();

    @Override
    public Map<String, Disclosure> disclosures() {
        return DISCLOSURES;
    }

    @Override
    List<Setting> moreSettings() {
        List<Setting> all = new ArrayList<>(ScenarioSettings.SETTINGS);
        all.add(Setting.number("crowd", 0, 1_000, "scales the scenario's crowd; default 1"));
        // the real driver's settings but its capture source, which is the live crowd here
        WifiPresenceProvider.SETTINGS.stream().filter(s -> !s.name().equals("source")).forEach(all::add);
        return List.copyOf(all);
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
