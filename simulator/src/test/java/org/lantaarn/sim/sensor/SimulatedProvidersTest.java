package org.lantaarn.sim.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;

class SimulatedProvidersTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DriverContext context = new DriverContext("hinthamerstraat-01", Clock.systemUTC(), scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static SensorDriverProvider provider(String sensor) {
        return ServiceLoader.load(SensorDriverProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.sensor().equals(sensor) && p.driver().equals("simulated")).findFirst().orElseThrow();
    }

    private static StreamConfig stream(String id, String sensor, Map<String, String> settings) {
        return new StreamConfig(id, sensor, "simulated", null, Duration.ofMillis(20), settings, null, null);
    }

    /** Collects what a driver delivers. */
    private static final class Recorder implements SampleSink {
        final List<Map<String, Double>> samples = new CopyOnWriteArrayList<>();
        final AtomicLong events = new AtomicLong();
        final AtomicLong faults = new AtomicLong();

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            samples.add(values);
        }

        @Override
        public void event(Instant at, String name, long count) {
            assertThat(name).isEqualTo("events");
            events.addAndGet(count);
        }

        @Override
        public void fault(Instant at, String reason) {
            faults.incrementAndGet();
        }
    }

    @Test
    void every_simulated_sensor_kind_is_found_through_the_service_loader() {
        List<String> kinds = ServiceLoader.load(SensorDriverProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.driver().equals("simulated")).map(SensorDriverProvider::sensor).toList();
        assertThat(kinds).contains("climate", "particulates", "motion");
    }

    @Test
    void simulated_climate_delivers_plausible_temperature_humidity_and_pressure() throws SensorException {
        Recorder r = new Recorder();
        try (SensorDriver d = provider("climate").open(stream("air", "climate", Map.of("faultRate", "0")), context)) {
            assertThat(d.descriptor().aggregation()).isEqualTo(SensorDescriptor.Aggregation.NUMERIC);
            assertThat(d.descriptor().units()).containsEntry("temperature", "Cel").containsEntry("humidity", "%RH")
                    .containsEntry("pressure", "Pa");
            d.start(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.samples.size() >= 20);
        }
        assertThat(r.samples).allSatisfy(s -> {
            assertThat(s.get("temperature")).isBetween(-10.0, 35.0);
            assertThat(s.get("humidity")).isBetween(5.0, 100.0);
            assertThat(s.get("pressure")).isBetween(97_000.0, 104_000.0);
        });
        assertThat(r.faults).hasValue(0);
    }

    @Test
    void simulated_particulates_report_pm10_above_pm2_5() throws SensorException {
        Recorder r = new Recorder();
        try (SensorDriver d = provider("particulates").open(stream("dust", "particulates", Map.of("faultRate", "0")), context)) {
            d.start(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.samples.size() >= 20);
        }
        assertThat(r.samples).allSatisfy(s -> assertThat(s.get("pm10")).isGreaterThan(s.get("pm2_5")));
    }

    @Test
    void a_fault_rate_of_one_makes_every_read_a_fault() throws SensorException {
        Recorder r = new Recorder();
        try (SensorDriver d = provider("climate").open(stream("air", "climate", Map.of("faultRate", "1")), context)) {
            d.start(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.faults.get() >= 5);
        }
        assertThat(r.samples).isEmpty();
    }

    @Test
    void simulated_motion_counts_events_at_the_configured_rate() throws SensorException {
        Recorder r = new Recorder();
        // 50 events/s at the busiest moment; at any hour footfall is at least 3 % of that
        try (SensorDriver d = provider("motion").open(stream("passers", "motion", Map.of("peakRate", "2000")), context)) {
            assertThat(d.descriptor().aggregation()).isEqualTo(SensorDescriptor.Aggregation.COUNTER);
            d.start(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.events.get() >= 50);
        }
    }

    @Test
    void a_setting_that_is_not_a_number_refuses_to_open_with_the_setting_named() {
        assertThatThrownBy(() -> provider("motion").open(stream("passers", "motion", Map.of("peakRate", "lots")), context))
                .isInstanceOf(SensorException.class).hasMessageContaining("peakRate");
    }
}
