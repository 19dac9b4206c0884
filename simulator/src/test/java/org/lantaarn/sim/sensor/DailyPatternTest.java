package org.lantaarn.sim.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DailyPatternTest {
    private static java.time.Instant at(int hour) {
        return ZonedDateTime.of(2026, 6, 10, hour, 0, 0, 0, DailyPattern.CITY).toInstant();
    }

    @Test
    void footfall_is_low_at_night_and_high_in_the_afternoon() {
        assertThat(DailyPattern.footfall(at(4))).isLessThan(0.1);
        assertThat(DailyPattern.footfall(at(16))).isGreaterThan(0.7);
        assertThat(DailyPattern.footfall(at(13))).isGreaterThan(DailyPattern.footfall(at(10)));
    }

    @Test
    void temperature_swing_peaks_at_the_given_hour() {
        assertThat(DailyPattern.diurnal(at(15), 15.0)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(DailyPattern.diurnal(at(3), 15.0)).isEqualTo(-1.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
