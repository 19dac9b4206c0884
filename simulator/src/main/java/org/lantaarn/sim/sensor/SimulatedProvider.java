package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;

/**
 * A provider of the driver named {@code simulated} for one sensor kind. It reads the settings every
 * simulated driver shares: the stream's {@code interval} (default 1 s), {@code faultRate} and {@code seed}.
 */
abstract class SimulatedProvider implements SensorDriverProvider {
    private final String sensor;
    private final double defaultFaultRate;

    SimulatedProvider(String sensor, double defaultFaultRate) {
        this.sensor = sensor;
        this.defaultFaultRate = defaultFaultRate;
    }

    @Override
    public final String sensor() {
        return sensor;
    }

    @Override
    public final String driver() {
        return "simulated";
    }

    @Override
    public final List<Setting> settings() {
        List<Setting> all = new ArrayList<>(List.of(
                Setting.number("faultRate", 0, 1, "the share of reads that fail; default " + defaultFaultRate),
                Setting.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE,
                        "the random seed; default one per node and stream, stable across restarts")));
        all.addAll(moreSettings());
        return List.copyOf(all);
    }

    /** The settings of this kind's simulated driver besides {@code faultRate} and {@code seed}. */
    List<Setting> moreSettings() {
        return List.of();
    }

    @Override
    public final SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        return create(stream, context, Settings.interval(stream, Duration.ofSeconds(1)),
                Settings.number(stream, "faultRate", defaultFaultRate), Settings.seed(stream, context.node()));
    }

    /** The driver for {@code stream}, with the shared settings already read. */
    abstract SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException;
}
