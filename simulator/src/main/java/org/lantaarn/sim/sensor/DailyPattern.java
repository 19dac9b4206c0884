package org.lantaarn.sim.sensor;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Shapes of a day in a Dutch city centre, in local time (Europe/Amsterdam). */
final class DailyPattern {
    static final ZoneId CITY = ZoneId.of("Europe/Amsterdam");

    private DailyPattern() {}

    /** Hour of day as a fraction, 0 ≤ h < 24. */
    static double hourOfDay(Instant at) {
        ZonedDateTime t = at.atZone(CITY);
        return t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
    }

    /** A sinusoid over the day between -1 and 1 that peaks at {@code peakHour}. */
    static double diurnal(Instant at, double peakHour) {
        return Math.cos(2 * Math.PI * (hourOfDay(at) - peakHour) / 24.0);
    }

    /**
     * Relative footfall between 0 and 1: near zero at night, a lunch peak at 13:00 and an
     * afternoon peak at 16:30, as city-centre visitor counts show.
     */
    static double footfall(Instant at) {
        double h = hourOfDay(at);
        double lunch = Math.exp(-Math.pow((h - 13.0) / 2.0, 2));
        double afternoon = Math.exp(-Math.pow((h - 16.5) / 1.8, 2));
        double evening = 0.35 * Math.exp(-Math.pow((h - 20.5) / 1.5, 2));
        return Math.min(1.0, 0.03 + 0.8 * lunch + 0.9 * afternoon + evening);
    }
}
