package org.lantaarn.node.sensor.particulates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.HumidityBoard;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.window.Window;

class ParticulateDriverTest {
    private final ManualClock clock = ManualClock.at("2025-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final DriverContext context = new DriverContext("node-1", clock, scheduler);

    @Test
    void valid_frames_become_samples_bad_ones_faults_and_a_lost_port_is_reopened_with_backoff_on_the_readers_thread() {
        byte[] bad = Frames.sds011(1, 1);
        bad[8]++;
        byte[] bytes = Frames.concat(Frames.sds011(100, 150), bad, Frames.sds011(9_999, 9_999), Frames.sds011(2_000_0, 10), Frames.SDS011_GOLDEN);
        UnpluggedAfterOneRead source = new UnpluggedAfterOneRead(bytes);
        Recording sink = new Recording();
        ParticulateDriver driver = new ParticulateDriver("SDS011", source, Sds011Parser::new, context);
        driver.start(sink);

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.faults.stream().anyMatch(f -> f.contains("ended")));
        assertThat(sink.samples).containsExactly(Map.of("pm2_5", 10.0, "pm10", 15.0), Map.of("pm2_5", 999.9, "pm10", 999.9),
                Map.of("pm2_5", 123.6, "pm10", 261.8));
        // The reopen may already have failed (the first backoff is anywhere in 0..1 s): count what the stream itself said.
        assertThat(sink.faults).filteredOn(f -> !f.contains("device unplugged")).hasSize(3)
                .anyMatch(f -> f.contains("bad checksum")).anyMatch(f -> f.startsWith("implausible"));

        // The reader's own thread opens the port again after a backoff of at most 1 s (then 2 s, ...).
        await().atMost(Duration.ofSeconds(20)).until(() -> source.opens() >= 2 && sink.faults.stream().anyMatch(f -> f.contains("device unplugged")));
        driver.close();
    }

    @Test
    void window_reports_mean_and_max_and_flags_humid_air_from_the_node_humidity() {
        HumidityBoard humidity = new HumidityBoard();
        ParticulateDriver driver = new ParticulateDriver("SDS011", null, Sds011Parser::new, context);
        Aggregator agg = new Aggregator("dust", "particulates", driver.descriptor(), humidity);
        Window w = Window.containing(clock.instant(), Duration.ofSeconds(60));
        Accumulator acc = agg.newWindow();
        acc.sample(w.start().plusSeconds(1), Map.of("pm2_5", 10.0, "pm10", 20.0));
        acc.sample(w.start().plusSeconds(2), Map.of("pm2_5", 30.0, "pm10", 40.0));
        humidity.record(w.start().plusSeconds(5), 80);
        humidity.record(w.start().plusSeconds(6), 78);
        humidity.record(w.start().minusSeconds(6), 20); // another window: not counted

        WindowAggregate a = acc.complete(w, false);
        assertThat(a.values()).containsEntry("pm2_5.mean", 20.0).containsEntry("pm2_5.max", 30.0)
                .containsEntry("pm10.mean", 30.0).containsEntry("pm10.max", 40.0).containsEntry("samples", 2.0);
        assertThat(a.units()).containsEntry("pm10.max", "ug/m3");
        assertThat(a.quality().flags()).containsExactly("rh>75");
        assertThat(a.quality().coverage()).isCloseTo(2 / 60.0, within(1e-9));
        assertThat(ParticulateDriver.DISCLOSURES.values()).noneMatch(org.lantaarn.node.sensor.Disclosure::isPerson);

        Accumulator dry = agg.newWindow();
        dry.sample(w.end().plusSeconds(1), Map.of("pm2_5", 1.0, "pm10", 2.0));
        humidity.record(w.end().plusSeconds(1), 60);
        assertThat(dry.complete(w.next(), false).quality().flags()).isEmpty();
    }

    static final class Recording implements SampleSink {
        final List<Map<String, Double>> samples = new CopyOnWriteArrayList<>();
        final List<String> faults = new CopyOnWriteArrayList<>();

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            samples.add(values);
        }

        @Override
        public void event(Instant at, String name, long count) {}

        @Override
        public void fault(Instant at, String reason) {
            faults.add(reason);
        }
    }
}
