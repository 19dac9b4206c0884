package org.lantaarn.node.sensor.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;
import org.lantaarn.node.sensor.pi4j.Pi4jContexts;

/**
 * The GPIO drivers: {@code motion} / {@code pir} and {@code rain} / {@code tipping-bucket}, both the default
 * for their kind. Settings: {@code pin} (BCM number; default 17 for motion, 27 for rain), {@code pull}
 * ({@code down}, {@code up} or {@code off}; default {@code down} for a PIR's push-pull output, {@code up}
 * for a reed switch to ground), {@code debounce} (default 50 ms); motion: {@code holdTime} (the sensor's
 * hold time, default 3 s), rain: {@code mmPerTip} (default 0.2794, the common 0.011 inch bucket).
 */
public final class GpioProviders {
    private static final Setting PIN = Setting.integer("pin", 0, 53, "the BCM GPIO number");
    private static final Setting PULL = Setting.choice("pull", "the pin's pull resistor", "up", "down", "off");
    private static final Setting DEBOUNCE = Setting.duration("debounce", Duration.ZERO, Duration.ofSeconds(10),
            "edges closer together than this are one; default 50ms");

    /** The settings of {@code motion} / {@code pir}. */
    public static final List<Setting> PIR_SETTINGS = List.of(PIN, PULL, DEBOUNCE,
            Setting.duration("holdTime", Duration.ZERO, Duration.ofMinutes(10), "the sensor's own hold time; default 3s"));

    /** The settings of {@code rain} / {@code tipping-bucket}. */
    public static final List<Setting> TIPPING_BUCKET_SETTINGS = List.of(PIN, PULL, DEBOUNCE,
            Setting.number("mmPerTip", 0.001, 10, "millimetres of rain per tip; default 0.2794"));

    private GpioProviders() {}

    static EdgeInput openPin(Supplier<Context> pi4j, StreamConfig stream, int defaultPin, String defaultPull) throws SensorException {
        int pin = Settings.integer(stream, "pin", defaultPin);
        if (pin < 0 || pin > 53) {
            throw new SensorException("stream " + stream.id() + ": pin must be a BCM GPIO number 0..53: " + pin);
        }
        PullResistance pull = switch (Settings.text(stream, "pull", defaultPull)) {
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> throw new SensorException("stream " + stream.id() + ": pull must be up, down or off");
        };
        try {
            return Pi4jEdgeInput.open(pi4j.get(), pin, pull);
        } catch (RuntimeException e) {
            throw new SensorException("cannot open GPIO " + pin + " for stream " + stream.id() + ": " + e.getMessage(), e);
        }
    }

    /** {@code motion} / {@code pir}: a PIR or radar module's digital output. */
    public static final class Pir implements SensorDriverProvider {
        @Override
        public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
            return MotionDriver.DISCLOSURES;
        }

        public static final int DEFAULT_PIN = 17;
        private final Supplier<Context> pi4j;

        public Pir() {
            this(Pi4jContexts::shared);
        }

        public Pir(Supplier<Context> pi4j) {
            this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        }

        @Override
        public String sensor() {
            return "motion";
        }

        @Override
        public String driver() {
            return "pir";
        }

        @Override
        public boolean isDefaultForSensor() {
            return true;
        }

        @Override
        public List<Setting> settings() {
            return PIR_SETTINGS;
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            Duration debounce = Settings.duration(stream, "debounce", MotionDriver.DEFAULT_DEBOUNCE);
            Duration hold = Settings.duration(stream, "holdTime", MotionDriver.DEFAULT_HOLD);
            return new MotionDriver(openPin(pi4j, stream, DEFAULT_PIN, "down"), context, debounce, hold);
        }
    }

    /**
     * The tipping-bucket driver on an input that is not a Pi4J pin, such as the simulator's virtual bucket: its
     * edges pass through exactly the debouncing and rainfall arithmetic a real reed switch's do. Settings as for
     * {@link TippingBucket} ({@code debounce}, {@code mmPerTip}); the pin settings are not read.
     */
    public static SensorDriver rainOn(StreamConfig stream, DriverContext context, EdgeInput input) throws SensorException {
        Duration debounce = Settings.duration(stream, "debounce", RainDriver.DEFAULT_DEBOUNCE);
        double mmPerTip = Settings.number(stream, "mmPerTip", RainDriver.DEFAULT_MM_PER_TIP);
        if (!(mmPerTip > 0 && mmPerTip <= 10)) {
            throw new SensorException("stream " + stream.id() + ": mmPerTip must be above 0 and at most 10: " + mmPerTip);
        }
        return new RainDriver(Objects.requireNonNull(input, "input"), context, debounce, mmPerTip);
    }

    /** {@code rain} / {@code tipping-bucket}: a tipping-bucket rain gauge's reed switch. */
    public static final class TippingBucket implements SensorDriverProvider {
        @Override
        public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
            return RainDriver.DISCLOSURES;
        }

        public static final int DEFAULT_PIN = 27;
        private final Supplier<Context> pi4j;

        public TippingBucket() {
            this(Pi4jContexts::shared);
        }

        public TippingBucket(Supplier<Context> pi4j) {
            this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        }

        @Override
        public String sensor() {
            return "rain";
        }

        @Override
        public String driver() {
            return "tipping-bucket";
        }

        @Override
        public boolean isDefaultForSensor() {
            return true;
        }

        @Override
        public List<Setting> settings() {
            return TIPPING_BUCKET_SETTINGS;
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            Duration debounce = Settings.duration(stream, "debounce", RainDriver.DEFAULT_DEBOUNCE);
            double mmPerTip = Settings.number(stream, "mmPerTip", RainDriver.DEFAULT_MM_PER_TIP);
            if (!(mmPerTip > 0 && mmPerTip <= 10)) {
                throw new SensorException("stream " + stream.id() + ": mmPerTip must be above 0 and at most 10: " + mmPerTip);
            }
            return new RainDriver(openPin(pi4j, stream, DEFAULT_PIN, "up"), context, debounce, mmPerTip);
        }
    }
}
