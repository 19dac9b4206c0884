package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;

/**
 * A virtual PIR or radar sensor: motion events at a Poisson rate that follows city-centre footfall
 * over the day. Settings: {@code peakRate} (events per second at the busiest moment, default 1.5),
 * {@code faultRate} (default 0), {@code seed}.
 */
public final class SimulatedMotionProvider extends SimulatedProvider {
    /** Motion events count the people passing: one suppression group. */
    static final java.util.Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES = org.lantaarn.node.sensor.Disclosures.check(Map.of(
            "events", org.lantaarn.node.sensor.Disclosure.person(new org.lantaarn.node.sensor.SuppressionGroup("passers", "events"), 1)));

    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return DISCLOSURES;
    }

    public SimulatedMotionProvider() {
        super("motion", 0);
    }

    @Override
    List<Setting> moreSettings() {
        return List.of(Setting.number("peakRate", 0, 10_000, "events per second at the busiest moment; default 1.5"));
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        return new Driver(context, interval, faultRate, Settings.number(stream, "peakRate", 1.5), seed);
    }

    private static final class Driver extends SimulatedPolledDriver {
        private final double peakRate;
        private final double seconds;

        Driver(DriverContext context, Duration interval, double faultRate, double peakRate, long seed) {
            super(context, interval, faultRate, seed);
            this.peakRate = peakRate;
            this.seconds = interval.toMillis() / 1000.0;
        }

        @Override
        public SensorDescriptor descriptor() {
            return new SensorDescriptor(SensorDescriptor.Aggregation.COUNTER, Map.of("events", "count"), 0,
                    "movement in front of the lamppost, as a count of motion events", false, DISCLOSURES);
        }

        @Override
        protected void read(Instant at, SampleSink sink) {
            long n = Poisson.sample(random, peakRate * DailyPattern.footfall(at) * seconds);
            if (n > 0) {
                sink.event(at, "events", n);
            }
        }
    }
}
