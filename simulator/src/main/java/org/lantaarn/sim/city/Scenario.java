package org.lantaarn.sim.city;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A day in the street, compressed: {@code dayLength} of real time is 24 hours of the scenario, starting at
 * {@code startHour} at the real instant {@code dayStart}. The day has a market morning at the Markt (the street's
 * west end, 08:00–13:00), a cloudburst in the afternoon (15:00–16:00, when people shelter indoors) and an evening
 * event with a crowd peak on the square in the middle of the street (around 21:30); at night the street is nearly
 * empty, so its counts fall below k and are suppressed. Everything the virtual sensors produce follows it: phones
 * near each lamppost, street noise, rain. Immutable.
 *
 * @param dayStart  the real instant at which the scenario's clock shows {@code startHour}
 * @param dayLength real time for one scenario day (24 h: real time)
 * @param startHour scenario hour of day at {@code dayStart}, 0 ≤ h &lt; 24
 */
public record Scenario(Instant dayStart, Duration dayLength, double startHour) {
    /** Hour of the market (start, end), the cloudburst and the event's peak, in scenario time. */
    public static final double MARKET_FROM = 8, MARKET_TO = 13, RAIN_FROM = 15, RAIN_TO = 16, EVENT_PEAK = 21.5;
    /** Where the event's square lies along the street, 0 (west end) .. 1 (east end). */
    public static final double EVENT_AT = 0.6;

    public Scenario {
        Objects.requireNonNull(dayStart, "dayStart");
        if (dayLength == null || dayLength.toMillis() < 60_000) {
            throw new IllegalArgumentException("dayLength must be at least 1 minute: " + dayLength);
        }
        if (!(startHour >= 0 && startHour < 24)) {
            throw new IllegalArgumentException("startHour must be from 0 to below 24: " + startHour);
        }
    }

    /** Real time: the scenario's hour is the hour of day in the city. */
    public static Scenario realTime() {
        return new Scenario(Instant.EPOCH, Duration.ofHours(24), 1.0); // 1970-01-01T00:00Z is 01:00 in Amsterdam
    }

    /** Scenario hour of day at the real instant {@code at}, 0 ≤ h &lt; 24. */
    public double hour(Instant at) {
        if (dayLength.equals(Duration.ofHours(24)) && dayStart.equals(Instant.EPOCH)) {
            LocalTime t = at.atZone(ZoneId.of("Europe/Amsterdam")).toLocalTime();
            return t.toSecondOfDay() / 3600.0;
        }
        double days = (double) Duration.between(dayStart, at).toMillis() / dayLength.toMillis();
        double h = (startHour + days * 24) % 24;
        return h < 0 ? h + 24 : h;
    }

    /** How many times faster than real time the scenario runs. */
    public double speedUp() {
        return Duration.ofHours(24).toMillis() / (double) dayLength.toMillis();
    }

    /** People with a phone near lamppost {@code post} (0-based) of {@code posts} at {@code at}. */
    public double people(int post, int posts, Instant at) {
        double h = hour(at);
        double x = posts <= 1 ? 0.5 : (double) post / (posts - 1);
        double shopping = 4 + 70 * shoppingDay(h);
        double market = inside(h, MARKET_FROM, MARKET_TO) * 110 * Math.exp(-4 * x);
        double event = 380 * Math.exp(-Math.pow((x - EVENT_AT) / 0.22, 2)) * Math.exp(-Math.pow((h - EVENT_PEAK) / 1.0, 2));
        double n = shopping + market + event;
        return raining(h) ? n * 0.3 : n;
    }

    /** Rain intensity in mm/h at {@code at}: a cloudburst from 15:00 to 16:00, dry otherwise. */
    public double rainMmPerHour(Instant at) {
        double h = hour(at);
        return raining(h) ? 80 * Math.sin(Math.PI * (h - RAIN_FROM) / (RAIN_TO - RAIN_FROM)) + 10 : 0;
    }

    /** The A-weighted street noise near lamppost {@code post} at {@code at}, in dB: traffic, voices, the event's music, rain. */
    public double noiseDb(int post, int posts, Instant at) {
        double h = hour(at);
        double x = posts <= 1 ? 0.5 : (double) post / (posts - 1);
        double traffic = 42 + 16 * shoppingDay(h);
        double voices = 38 + 10 * Math.log10(1 + people(post, posts, at));
        double music = 84 * Math.exp(-Math.pow((x - EVENT_AT) / 0.25, 2)) * (inside(h, 20, 23.5) > 0 ? 1 : 0);
        double rain = rainMmPerHour(at) > 0 ? 62 : 0;
        return 10 * Math.log10(energy(traffic) + energy(voices) + energy(music) + energy(rain));
    }

    /** What is happening at {@code at}, in a word: night, morning, market, shopping, cloudburst, event. */
    public String phase(Instant at) {
        double h = hour(at);
        if (raining(h)) {
            return "cloudburst";
        }
        if (h >= 19.5 && h < 23.5) {
            return "event";
        }
        if (inside(h, MARKET_FROM, MARKET_TO) > 0) {
            return "market";
        }
        if (h >= 7 && h < 19.5) {
            return "shopping";
        }
        return "night";
    }

    private static boolean raining(double h) {
        return h >= RAIN_FROM && h < RAIN_TO;
    }

    /** Shops: closed at night, open 9–18 with a lunch and a late-afternoon peak, 0..1. */
    private static double shoppingDay(double h) {
        double lunch = Math.exp(-Math.pow((h - 13.0) / 2.0, 2));
        double afternoon = Math.exp(-Math.pow((h - 16.5) / 1.8, 2));
        double evening = 0.3 * Math.exp(-Math.pow((h - 20.0) / 1.5, 2));
        return Math.min(1.0, 0.8 * lunch + 0.9 * afternoon + evening);
    }

    private static double inside(double h, double from, double to) {
        return h >= from && h < to ? Math.sin(Math.PI * (h - from) / (to - from)) : 0;
    }

    private static double energy(double db) {
        return db <= 0 ? 0 : Math.pow(10, db / 10);
    }
}
