package org.lantaarn.sim.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    private static final Instant T0 = Instant.parse("2026-05-02T10:00:00Z");
    private final Scenario day = new Scenario(T0, Duration.ofMinutes(24), 0); // one scenario hour per real minute

    private Instant at(double hour) {
        return T0.plusMillis((long) (hour * 60_000));
    }

    @Test
    void the_scenario_clock_runs_compressed_from_its_start_hour_and_wraps_at_midnight() {
        Scenario fromSix = new Scenario(T0, Duration.ofMinutes(24), 6);
        assertThat(fromSix.hour(T0)).isEqualTo(6.0);
        assertThat(fromSix.hour(T0.plus(Duration.ofMinutes(12)))).isEqualTo(18.0);
        assertThat(fromSix.hour(T0.plus(Duration.ofMinutes(20)))).isEqualTo(2.0);
        assertThat(fromSix.speedUp()).isEqualTo(60.0);
    }

    @Test
    void the_evening_event_puts_its_crowd_peak_near_the_square_and_nowhere_else() {
        double atSquare = day.people(11, 20, at(Scenario.EVENT_PEAK));
        assertThat(atSquare).isGreaterThan(300);
        assertThat(atSquare).isGreaterThan(5 * day.people(0, 20, at(Scenario.EVENT_PEAK)));
        assertThat(atSquare).isGreaterThan(5 * day.people(11, 20, at(18)));
        assertThat(day.phase(at(Scenario.EVENT_PEAK))).isEqualTo("event");
    }

    @Test
    void at_night_every_lamppost_sees_fewer_people_than_k_so_its_counts_are_suppressed() {
        for (int post = 0; post < 20; post++) {
            assertThat(day.people(post, 20, at(3))).as("post %d", post).isLessThan(5);
        }
        assertThat(day.phase(at(3))).isEqualTo("night");
    }

    @Test
    void the_market_fills_the_markt_end_of_the_street_in_the_morning() {
        assertThat(day.people(0, 20, at(10.5))).isGreaterThan(2 * day.people(19, 20, at(10.5)));
        assertThat(day.phase(at(10.5))).isEqualTo("market");
    }

    @Test
    void the_cloudburst_rains_only_from_three_to_four_and_empties_the_street() {
        assertThat(day.rainMmPerHour(at(14.9))).isZero();
        assertThat(day.rainMmPerHour(at(15.5))).isGreaterThan(50);
        assertThat(day.rainMmPerHour(at(16.1))).isZero();
        assertThat(day.people(5, 20, at(15.5))).isLessThan(0.5 * day.people(5, 20, at(16.1)));
        assertThat(day.phase(at(15.5))).isEqualTo("cloudburst");
    }

    @Test
    void the_event_is_loud_near_the_square_and_the_night_is_quiet() {
        assertThat(day.noiseDb(11, 20, at(Scenario.EVENT_PEAK))).isGreaterThan(75);
        assertThat(day.noiseDb(0, 20, at(3))).isLessThan(50);
    }
}
