package org.lantaarn.sim.sensor;

import java.time.Duration;
import org.lantaarn.config.StreamConfig;
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
    public final SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        return create(stream, context, Settings.interval(stream, Duration.ofSeconds(1)),
                Settings.number(stream, "faultRate", defaultFaultRate), Settings.seed(stream, context.node()));
    }

    /** The driver for {@code stream}, with the shared settings already read. */
    abstract SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException;
}
