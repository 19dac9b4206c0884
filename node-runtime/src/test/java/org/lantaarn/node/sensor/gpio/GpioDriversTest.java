package org.lantaarn.node.sensor.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.privacy.PrivacyGuard;
import org.lantaarn.node.privacy.ProtectedAggregate;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.window.TumblingWindows;
import org.lantaarn.node.window.Window;
import org.lantaarn.node.window.WindowListener;

/** The GPIO drivers through Pi4J's mock digital input, timed by a manual clock, aggregated by real windows. */
class GpioDriversTest {
    private final ManualClock clock = ManualClock.at("2025-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final DriverContext context = new DriverContext("node-1", clock, scheduler);
    private Context pi4j;
    private WindowAggregate closed;

    @BeforeEach
    void mockPi4j() {
        pi4j = Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance()).build();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private TumblingWindows<Accumulator> windows(SensorDriver driver, String stream, String sensor) {
        Aggregator agg = new Aggregator(stream, sensor, driver.descriptor());
        TumblingWindows<Accumulator> w = new TumblingWindows<>(stream, Duration.ofMinutes(1), clock, scheduler, agg::newWindow,
                new WindowListener<>() {
                    @Override
                    public void closed(Window window, Accumulator contents, boolean partial) {
                        closed = contents.complete(window, partial);
                    }

                    @Override
                    public void skipped(java.time.Instant from, java.time.Instant to, long n) {}
                });
        w.start();
        return w;
    }

    private MockDigitalInput pin(int pin) {
        return (MockDigitalInput) pi4j.io(Pi4jEdgeInput.id(pin));
    }

    private void edge(MockDigitalInput pin, DigitalState s, long afterMillis) {
        clock.advance(Duration.ofMillis(afterMillis));
        pin.mockState(s);
    }

    @Test
    void hundred_tips_of_a_fifth_of_a_millimetre_are_twenty_millimetres_and_bounces_count_once() throws SensorException {
        StreamConfig stream = new StreamConfig("rain", "rain", "tipping-bucket", null, null, Map.of("pin", "27", "mmPerTip", "0.2"), null, null);
        SensorDriver driver = new GpioProviders.TippingBucket(() -> pi4j).open(stream, context);
        TumblingWindows<Accumulator> windows = windows(driver, "rain", "rain");
        driver.start(windows);
        MockDigitalInput pin = pin(27);
        pin.mockState(DigitalState.HIGH); // pulled up, switch open
        for (int i = 0; i < 100; i++) {
            // the switch closes with three bounces inside 50 ms, opens 100 ms later with two more
            edge(pin, DigitalState.LOW, 100);
            edge(pin, DigitalState.HIGH, 3);
            edge(pin, DigitalState.LOW, 4);
            edge(pin, DigitalState.HIGH, 5);
            edge(pin, DigitalState.LOW, 6);
            edge(pin, DigitalState.HIGH, 100);
            edge(pin, DigitalState.LOW, 2);
            edge(pin, DigitalState.HIGH, 2);
        }
        scheduler.advanceTo(Window.containing(clock.instant(), Duration.ofMinutes(1)).end());

        assertThat(closed.values()).containsEntry("tips", 100.0).containsEntry("rainfall", 20.0);
        // 100 tips in ~22 s: all fall in one minute, 20 mm in a minute is 1200 mm/h.
        assertThat(closed.values().get("intensity.peak")).isCloseTo(1200.0, within(1e-9));
        assertThat(closed.units()).containsEntry("rainfall", "mm").containsEntry("intensity.peak", "mm/h");
        // Rain tips count no people: every value is declared environment, so the privacy guard leaves a small number alone.
        assertThat(driver.descriptor().disclosures().values()).allSatisfy(d -> assertThat(d.isPerson()).isFalse());
        assertThat(driver.descriptor().disclosures()).containsOnlyKeys("tips", "rainfall", "intensity.peak");
        driver.close();
        windows.close();
    }

    @Test
    void the_default_tip_is_the_common_0_2794_mm_bucket() throws SensorException {
        SensorDriver driver = new GpioProviders.TippingBucket(() -> pi4j).open(StreamConfig.of("rain", "rain", null), context);
        TumblingWindows<Accumulator> windows = windows(driver, "rain", "rain");
        driver.start(windows);
        MockDigitalInput pin = pin(27);
        pin.mockState(DigitalState.HIGH);
        for (int i = 0; i < 3; i++) {
            edge(pin, DigitalState.LOW, 1000);
            edge(pin, DigitalState.HIGH, 100);
        }
        scheduler.advanceTo(Window.containing(clock.instant(), Duration.ofMinutes(1)).end());
        assertThat(closed.values()).containsEntry("tips", 3.0).containsEntry("rainfall", 0.8382);
        driver.close();
        windows.close();
    }

    @Test
    void motion_bounces_count_once_hold_time_is_dead_time_and_occupied_fraction_is_the_high_share() throws SensorException {
        clock.set(java.time.Instant.parse("2025-05-01T12:00:00Z"));
        StreamConfig stream = new StreamConfig("passers", "motion", "pir", null, null, Map.of("holdTime", "5s"), null, null);
        SensorDriver driver = new GpioProviders.Pir(() -> pi4j).open(stream, context);
        TumblingWindows<Accumulator> windows = windows(driver, "passers", "motion");
        driver.start(windows);
        MockDigitalInput pin = pin(17);

        // Person 1 at 10 s: the output rises with a bounce inside the debounce time, stays high 1 s.
        edge(pin, DigitalState.HIGH, 10_000);
        edge(pin, DigitalState.LOW, 10);
        edge(pin, DigitalState.HIGH, 10);
        edge(pin, DigitalState.LOW, 980);
        // It rises again 2 s after the event, inside the 5 s hold time: dead time, no new event; high 3 s.
        edge(pin, DigitalState.HIGH, 1_000);
        edge(pin, DigitalState.LOW, 3_000);
        // Person 2 at 30 s, and person 3 at 45 s: each high 3 s.
        edge(pin, DigitalState.HIGH, 15_000);
        edge(pin, DigitalState.LOW, 3_000);
        edge(pin, DigitalState.HIGH, 12_000);
        edge(pin, DigitalState.LOW, 3_000);
        scheduler.advanceTo(java.time.Instant.parse("2025-05-01T12:01:00Z"));

        assertThat(closed.values().get("events")).isEqualTo(3.0);
        assertThat(closed.values().get("occupied")).isCloseTo((1.0 + 3 + 3 + 3) / 60, within(1e-3));
        assertThat(driver.descriptor().personValues()).containsExactlyInAnyOrder("events", "occupied");
        ProtectedAggregate p = new PrivacyGuard(new PrivacyConfig(5, null, PrivacyConfig.DEFAULT_KEY_ROTATION),
                driver.descriptor().disclosures(), null, new java.security.SecureRandom(), name -> {}).protect(closed);
        // Three passers are below k: the occupied fraction they made is withheld with their count, or it would show them.
        assertThat(p.values()).containsEntry("events", null).containsEntry("occupied", null);
        assertThat(p.privacy().suppressed()).containsExactlyInAnyOrder("events", "occupied");
        driver.close();
        windows.close();
    }
}
