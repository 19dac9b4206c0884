package org.lantaarn.sim.sensor;

import java.time.Duration;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.SensorException;

/** Reads the simulated drivers' settings from a stream configuration, refusing bad values by name. */
final class Settings {
    private Settings() {}

    static Duration interval(StreamConfig stream, Duration fallback) {
        return stream.interval() != null ? stream.interval() : fallback;
    }

    static double number(StreamConfig stream, String name, double fallback) throws SensorException {
        String v = stream.settings().get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new SensorException("stream " + stream.id() + ": setting " + name + " must be a non-negative number: " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new SensorException("stream " + stream.id() + ": setting " + name + " must be a number: " + v);
        }
    }

    /** A seed that differs per node and stream but is stable across restarts, unless the setting {@code seed} gives one. */
    static long seed(StreamConfig stream, String node) throws SensorException {
        String v = stream.settings().get("seed");
        if (v == null) {
            return (node + "/" + stream.id()).hashCode() * 0x9E3779B97F4A7C15L;
        }
        Long seed = org.lantaarn.config.settings.Setting.parseInteger(v);
        if (seed == null) {
            throw new SensorException("stream " + stream.id() + ": setting seed must be a whole number: " + v);
        }
        return seed;
    }
}
