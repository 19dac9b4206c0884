package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;

/**
 * A virtual BME280: temperature with a daily swing peaking mid-afternoon, humidity moving opposite
 * to it, and slowly drifting air pressure, each with measurement noise. Settings: {@code faultRate}
 * (share of readings that fail, default 0.001), {@code seed}.
 */
public final class SimulatedClimateProvider extends SimulatedProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return org.lantaarn.node.sensor.Disclosures.numericEnvironment(java.util.List.of("temperature", "humidity", "pressure"));
    }

    public SimulatedClimateProvider() {
        super("climate", 0.001);
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        return new Driver(context, interval, faultRate, seed);
    }

    private static final class Driver extends SimulatedPolledDriver {
        private final double offset;
        private double pressure = 101_325;

        Driver(DriverContext context, Duration interval, double faultRate, long seed) {
            super(context, interval, faultRate, seed);
            this.offset = random.nextGaussian() * 0.6; // each lamppost a little warmer or cooler
        }

        @Override
        public SensorDescriptor descriptor() {
            Map<String, String> units = new LinkedHashMap<>();
            units.put("temperature", "Cel");
            units.put("humidity", "%RH");
            units.put("pressure", "Pa");
            return numeric(units, samplesPerSecond(), "air temperature, relative humidity and air pressure");
        }

        @Override
        protected void read(Instant at, SampleSink sink) {
            double swing = DailyPattern.diurnal(at, 15.0);
            double t = 11.0 + offset + 5.5 * swing + random.nextGaussian() * 0.05;
            double rh = Math.max(5, Math.min(100, 72.0 - 18.0 * swing + random.nextGaussian() * 0.4));
            pressure += random.nextGaussian() * 0.5;
            pressure = Math.max(97_000, Math.min(104_000, pressure));
            sink.sample(at, values("temperature", t, "humidity", rh, "pressure", pressure + random.nextGaussian() * 2));
        }
    }
}
