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
 * A virtual SDS011: PM2.5 and PM10 with morning and evening traffic peaks, log-normal noise and
 * occasional failed reads. Settings: {@code faultRate} (default 0.002), {@code seed}.
 */
public final class SimulatedParticulatesProvider extends SimulatedProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return org.lantaarn.node.sensor.Disclosures.numericEnvironment(java.util.List.of("pm2_5", "pm10"));
    }

    public SimulatedParticulatesProvider() {
        super("particulates", 0.002);
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        return new Driver(context, interval, faultRate, seed);
    }

    private static final class Driver extends SimulatedPolledDriver {
        Driver(DriverContext context, Duration interval, double faultRate, long seed) {
            super(context, interval, faultRate, seed);
        }

        @Override
        public SensorDescriptor descriptor() {
            Map<String, String> units = new LinkedHashMap<>();
            units.put("pm2_5", "ug/m3");
            units.put("pm10", "ug/m3");
            return numeric(units, samplesPerSecond(), "fine dust concentration (PM2.5 and PM10)");
        }

        @Override
        protected void read(Instant at, SampleSink sink) {
            double h = DailyPattern.hourOfDay(at);
            double traffic = Math.exp(-Math.pow((h - 8.0) / 1.5, 2)) + 0.8 * Math.exp(-Math.pow((h - 17.5) / 1.8, 2));
            double pm25 = (7.0 + 9.0 * traffic) * Math.exp(random.nextGaussian() * 0.15);
            double pm10 = pm25 * (1.6 + random.nextDouble() * 0.4);
            sink.sample(at, values("pm2_5", pm25, "pm10", pm10));
        }
    }
}
