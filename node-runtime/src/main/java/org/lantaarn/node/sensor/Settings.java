package org.lantaarn.node.sensor;

import java.time.Duration;
import java.util.Locale;
import org.lantaarn.config.Durations;
import org.lantaarn.config.StreamConfig;

/** Reads a stream's driver settings, with messages that name the setting for the technician. */
public final class Settings {
    private Settings() {}

    /** An integer setting; {@code 0x} prefixes hexadecimal ({@code address: 0x76}). */
    public static int integer(StreamConfig stream, String name, int fallback) throws SensorException {
        String v = stream.setting(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            String t = v.trim().toLowerCase(Locale.ROOT);
            return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new SensorException("stream " + stream.id() + ": setting " + name + " must be an integer (0x.. for hex): " + v);
        }
    }

    /** A decimal number setting. */
    public static double number(StreamConfig stream, String name, double fallback) throws SensorException {
        String v = stream.setting(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new SensorException("stream " + stream.id() + ": setting " + name + " must be a number: " + v);
        }
    }

    /** A duration setting such as {@code 50ms} or {@code 8s}. */
    public static Duration duration(StreamConfig stream, String name, Duration fallback) throws SensorException {
        String v = stream.setting(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        Duration d = Durations.parse(v.trim());
        if (d == null) {
            throw new SensorException("stream " + stream.id() + ": setting " + name + " must be a duration such as 50ms or 8s: " + v);
        }
        return d;
    }

    /** A text setting. */
    public static String text(StreamConfig stream, String name, String fallback) {
        return stream.setting(name).map(String::trim).orElse(fallback);
    }

    /** Setting {@code openTimeout}: how long a device may take to open before the stream is {@code sensor-absent}. */
    public static final String OPEN_TIMEOUT = "openTimeout";

    /** The declaration of {@link #OPEN_TIMEOUT}, for every driver that opens a device path. */
    public static final org.lantaarn.config.settings.Setting OPEN_TIMEOUT_SETTING = org.lantaarn.config.settings.Setting.duration(
            OPEN_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10),
            "how long the device may take to open before the stream is sensor-absent; default 10s");

    /** The stream's {@code openTimeout} (a duration from 1 s to 10 min; default 10 s). */
    public static Duration openTimeout(StreamConfig stream) throws SensorException {
        Duration d = duration(stream, OPEN_TIMEOUT, DeviceReader.DEFAULT_OPEN_TIMEOUT);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new SensorException("stream " + stream.id() + ": setting " + OPEN_TIMEOUT + " must be between 1s and 10m: "
                    + stream.setting(OPEN_TIMEOUT).orElse(""));
        }
        return d;
    }
}
