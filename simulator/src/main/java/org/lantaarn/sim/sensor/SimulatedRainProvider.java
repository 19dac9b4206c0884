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
import org.lantaarn.node.sensor.gpio.GpioProviders;

/**
 * {@code rain} / {@code simulated}: the node's real tipping-bucket driver (debouncing, rainfall, peak intensity) on
 * a {@link VirtualBucket} that tips with the street's scenario's rain (in real-time mm/h: the cloudburst reaches
 * 90 mm/h). Settings: {@code mmPerTip}, {@code debounce} as for the real gauge, and the scenario's.
 */
public final class SimulatedRainProvider extends SimulatedProvider {
    public SimulatedRainProvider() {
        super("rain", 0);
    }

    /** The real tipping-bucket driver's disclosure classes: its values are computed by that driver. */
    private static final Map<String, Disclosure> DISCLOSURES = new GpioProviders.TippingBucket().disclosures();

    @Override
    public Map<String, Disclosure> disclosures() {
        return DISCLOSURES;
    }

    @Override
    List<Setting> moreSettings() {
        List<Setting> all = new ArrayList<>(ScenarioSettings.SETTINGS);
        // the real driver's settings but those of the GPIO pin: the bucket is virtual here
        GpioProviders.TIPPING_BUCKET_SETTINGS.stream().filter(s -> !List.of("pin", "pull").contains(s.name())).forEach(all::add);
        return List.copyOf(all);
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        ScenarioSettings s = ScenarioSettings.of(stream);
        double mmPerTip = Settings.number(stream, "mmPerTip", 0.2794);
        return GpioProviders.rainOn(stream, context, new VirtualBucket(context.clock(), context.scheduler(),
                at -> s.scenario().rainMmPerHour(at), mmPerTip, seed));
    }
}
