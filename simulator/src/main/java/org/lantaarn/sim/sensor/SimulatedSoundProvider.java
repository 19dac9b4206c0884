package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.sound.SoundLevelProvider;

/**
 * {@code sound-level} / {@code simulated}: the node's real sound driver (A-weighting, LAeq and LAFmax per second,
 * LA10/50/90 per window) fed with {@link StreetNoise} at 44.1 kHz (so it takes the class-1 path, as a good microphone's would) whose level follows the street's scenario: traffic,
 * voices, the event's music, rain. Settings: {@code calibration} as for a microphone, and the scenario's.
 */
public final class SimulatedSoundProvider extends SimulatedProvider {
    static final float RATE = 44_100f;

    public SimulatedSoundProvider() {
        super("sound-level", 0);
    }

    /** The real sound driver's disclosure classes: its values are computed by that driver. */
    private static final Map<String, Disclosure> DISCLOSURES = new SoundLevelProvider().disclosures();

    @Override
    public Map<String, Disclosure> disclosures() {
        return DISCLOSURES;
    }

    @Override
    List<Setting> moreSettings() {
        List<Setting> all = new ArrayList<>(ScenarioSettings.SETTINGS);
        // the real driver's settings but those naming a device or a recording: the audio is synthetic here
        SoundLevelProvider.SETTINGS.stream().filter(s -> !List.of("mixer", "file", "replay").contains(s.name())).forEach(all::add);
        return List.copyOf(all);
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
