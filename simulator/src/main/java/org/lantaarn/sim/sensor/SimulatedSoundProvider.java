package org.lantaarn.sim.sensor;

import java.time.Duration;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.sound.SoundLevelProvider;

/**
 * {@code sound-level} / {@code simulated}: the node's real sound driver (A-weighting, LAeq and LAFmax per second,
 * LA10/50/90 per window) fed with {@link StreetNoise} at 16 kHz whose level follows the street's scenario: traffic,
 * voices, the event's music, rain. Settings: {@code calibration} as for a microphone, and the scenario's.
 */
public final class SimulatedSoundProvider extends SimulatedProvider {
    static final float RATE = 16_000f;

    public SimulatedSoundProvider() {
        super("sound-level", 0);
    }

    @Override
    SensorDriver create(StreamConfig stream, DriverContext context, Duration interval, double faultRate, long seed)
            throws SensorException {
        ScenarioSettings s = ScenarioSettings.of(stream);
        double calibration = Settings.number(stream, "calibration", SoundLevelProvider.DEFAULT_CALIBRATION);
        return SoundLevelProvider.openOn(stream, context, () -> new StreetNoise(context.clock(),
                at -> s.scenario().noiseDb(s.post(), s.posts(), at), calibration, RATE, seed));
    }
}
