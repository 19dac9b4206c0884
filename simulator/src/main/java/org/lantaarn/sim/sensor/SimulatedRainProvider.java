package org.lantaarn.sim.sensor;

import java.time.Duration;
import org.lantaarn.config.StreamConfig;
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

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        ScenarioSettings s = ScenarioSettings.of(stream);
        double mmPerTip = Settings.number(stream, "mmPerTip", 0.2794);
        return GpioProviders.rainOn(stream, context, new VirtualBucket(context.clock(), context.scheduler(),
                at -> s.scenario().rainMmPerHour(at), mmPerTip, seed));
    }
}
