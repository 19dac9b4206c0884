package org.lantaarn.node.sensor.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.PublishedWorld;

/**
 * Neighbouring worlds for motion: a PIR (through Pi4J's mock input) sees some passers, fewer than k, in one world and
 * one more passer in the other. Everything the real node publishes — observations, gaps, health and the birth — must
 * be byte-identical once {@code seq} and the send time are removed: the passer's event and the time the output was
 * high (the occupied fraction) must not show anywhere. With noise configured too.
 */
class MotionNeighbouringWorldsTest {
    @TempDir
    Path dir;

    private List<String> world(String name, int passers, long highMillisOfLast) {
        Context pi4j = Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance()).build();
        StreamConfig motion = new StreamConfig("passers", "motion", "pir", null, null, Map.of("holdTime", "5s"),
                new PrivacyConfig(5, 1.0, PrivacyConfig.DEFAULT_KEY_ROTATION), null);
        ManualClock clock = ManualClock.at("2026-07-21T10:00:00.500Z");
        try (PublishedWorld w = new PublishedWorld(clock, Configs.node("node-m", "tcp://127.0.0.1:1", Duration.ofMinutes(1), motion),
                dir.resolve(name), List.of(new GpioProviders.Pir(() -> pi4j)))) {
            w.start();
            MockDigitalInput pin = (MockDigitalInput) pi4j.io(Pi4jEdgeInput.id(GpioProviders.Pir.DEFAULT_PIN));
            for (int i = 0; i < passers; i++) {
                clock.advance(Duration.ofSeconds(10));
                pin.mockState(DigitalState.HIGH);
                clock.advance(Duration.ofMillis(i == passers - 1 ? highMillisOfLast : 2_000));
                pin.mockState(DigitalState.LOW);
            }
            w.runMinutes(3);
            return w.published();
        } finally {
            pi4j.shutdown();
        }
    }

    @Test
    void one_more_passer_among_fewer_than_k_changes_no_published_byte() {
        List<String> without = world("two", 2, 2_000);
        List<String> with = world("three", 3, 2_000);
        assertThat(with).hasSize(1 + 3 + 3); // birth, three windows, three health reports
        assertThat(with).containsExactlyElementsOf(without);
    }

    @Test
    void one_passer_who_lingers_changes_no_published_byte_either() {
        List<String> without = world("none", 0, 0);
        List<String> with = world("lingerer", 1, 40_000);
        assertThat(with).containsExactlyElementsOf(without);
    }
}
