package org.lantaarn.node.sensor.particulates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.HumidityBoard;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.window.Window;

/**
 * Both sensors send frames whose readings are all zero while their fan spins up after power-on or a wake from
 * sleep (the PMS5003 data manual asks for 30 s before data are stable; the SDS011 likewise needs its fan up to
 * speed). Those frames are skipped and counted, never recorded as 0.0 µg/m³.
 */
class WarmUpFramesTest {
    private final ManualClock clock = ManualClock.at("2025-05-01T12:00:00Z");
    private final DriverContext context = new DriverContext("node-1", clock, new ManualScheduler(clock));

    /** A PMS5003 frame with every data word zero except the reserved word 13, as sent during warm-up. */
    private static byte[] pms5003WarmUp() {
        byte[] f = Frames.pms5003(0, 0);
        for (int i = 4; i < 28; i++) {
            f[i] = 0;
        }
        return Frames.withPms5003CheckCode(f);
    }

    @Test
    void an_sds011_all_zero_frame_is_counted_as_warm_up_and_not_delivered() {
        List<PmReading> out = new ArrayList<>();
        Sds011Parser p = new Sds011Parser(out::add);
        byte[] bytes = Frames.concat(Frames.sds011(0, 0), Frames.sds011(0, 0), Frames.sds011(0, 5), Frames.SDS011_GOLDEN);

        p.accept(bytes, 0, bytes.length);

        assertThat(p.warmUp()).isEqualTo(2);
        assertThat(p.frames()).isEqualTo(2);
        assertThat(p.rejected()).isZero();
        assertThat(out).containsExactly(new PmReading(0.0, 0.5), new PmReading(123.6, 261.8));
    }

    @Test
    void a_pms5003_all_zero_frame_is_counted_as_warm_up_but_zero_dust_with_particles_counted_is_a_reading() {
        List<PmReading> out = new ArrayList<>();
        Pms5003Parser p = new Pms5003Parser(out::add);
        byte[] bytes = Frames.concat(pms5003WarmUp(), Frames.pms5003(0, 0), Frames.PMS5003_GOLDEN);

        p.accept(bytes, 0, bytes.length);

        assertThat(p.warmUp()).isEqualTo(1);
        assertThat(out).containsExactly(new PmReading(0, 0), new PmReading(35, 51));
    }

    @Test
    void the_driver_reports_warm_up_frames_as_counted_events_and_the_window_flags_them() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Map<String, Double>> samples = new CopyOnWriteArrayList<>();
        List<String> faults = new CopyOnWriteArrayList<>();
        byte[] bytes = Frames.concat(Frames.sds011(0, 0), Frames.sds011(0, 0), Frames.sds011(0, 0), Frames.sds011(100, 150));
        UnpluggedAfterOneRead source = new UnpluggedAfterOneRead(bytes);
        ParticulateDriver driver = new ParticulateDriver("SDS011", source, Sds011Parser::new, context);
        driver.start(new SampleSink() {
            @Override
            public void sample(Instant at, Map<String, Double> values) {
                samples.add(values);
            }

            @Override
            public void event(Instant at, String name, long count) {
                for (long i = 0; i < count; i++) {
                    events.add(name);
                }
            }

            @Override
            public void fault(Instant at, String reason) {
                faults.add(reason);
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> faults.stream().anyMatch(f -> f.contains("ended")));
        driver.close();
        assertThat(samples).containsExactly(Map.of("pm2_5", 10.0, "pm10", 15.0));
        assertThat(events).containsExactly("warmUpFrames", "warmUpFrames", "warmUpFrames");
        assertThat(faults).noneMatch(f -> f.contains("checksum") || f.startsWith("implausible"));
    }

    @Test
    void a_window_with_warm_up_frames_is_flagged_and_counts_them_beside_the_real_readings() {
        ParticulateDriver driver = new ParticulateDriver("SDS011", null, Sds011Parser::new, context);
        Aggregator agg = new Aggregator("dust", "particulates", driver.descriptor(), new HumidityBoard());
        Window w = Window.containing(clock.instant(), Duration.ofSeconds(60));

        Accumulator warming = agg.newWindow();
        warming.event(w.start().plusSeconds(1), "warmUpFrames", 30);
        WindowAggregate onlyWarmUp = warming.complete(w, false);
        assertThat(onlyWarmUp.values()).isEmpty();
        assertThat(onlyWarmUp.quality().flags()).contains("warm-up", "no-samples");

        Accumulator mixed = agg.newWindow();
        mixed.event(w.start().plusSeconds(1), "warmUpFrames", 12);
        mixed.sample(w.start().plusSeconds(40), Map.of("pm2_5", 4.0, "pm10", 6.0));
        WindowAggregate after = mixed.complete(w, false);
        assertThat(after.values()).containsEntry("pm2_5.mean", 4.0).containsEntry("samples", 1.0).containsEntry("warmUpFrames", 12.0);
        assertThat(after.units()).containsEntry("warmUpFrames", "count");
        assertThat(after.quality().flags()).containsExactly("warm-up");
    }
}
