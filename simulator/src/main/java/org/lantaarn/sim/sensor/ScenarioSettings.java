package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.sim.city.Scenario;

/**
 * The scenario settings the street's virtual sensors share: {@code dayStart} (ISO-8601 instant), {@code dayLength}
 * (duration, such as {@code 24m}), {@code startHour} (0..24), and where the lamppost stands: {@code post} (0-based)
 * of {@code posts}. Without {@code dayLength} the scenario runs in real time.
 */
record ScenarioSettings(Scenario scenario, int post, int posts) {
    /** The settings {@link #of} reads, declared by each street sensor's simulated driver. */
    static final List<Setting> SETTINGS = List.of(
            Setting.text("dayStart", "the scenario day's start, an ISO-8601 instant such as 2026-05-01T12:00:00Z; default 1970-01-01T00:00:00Z"),
            Setting.duration("dayLength", Duration.ofSeconds(1), Duration.ofDays(7),
                    "how long one scenario day takes, such as 24m; default: the scenario runs in real time"),
            Setting.number("startHour", 0, 24, "the scenario's hour of the day at dayStart; default 0"),
            Setting.integer("post", 0, 9_999, "where the lamppost stands along the street, 0-based; default 0"),
            Setting.integer("posts", 1, 10_000, "how many lampposts stand along the street; default 1"));


    static ScenarioSettings of(StreamConfig stream) throws SensorException {
        int posts = org.lantaarn.node.sensor.Settings.integer(stream, "posts", 1);
        int post = org.lantaarn.node.sensor.Settings.integer(stream, "post", 0);
        if (posts < 1 || post < 0 || post >= posts) {
            throw new SensorException("stream " + stream.id() + ": post must be from 0 to posts - 1 and posts at least 1: " + post + " of " + posts);
        }
        Duration day = org.lantaarn.node.sensor.Settings.duration(stream, "dayLength", null);
        if (day == null) {
            return new ScenarioSettings(Scenario.realTime(), post, posts);
        }
        Instant start;
        try {
            start = Instant.parse(stream.settings().getOrDefault("dayStart", "1970-01-01T00:00:00Z"));
        } catch (DateTimeParseException e) {
            throw new SensorException("stream " + stream.id() + ": dayStart must be an ISO-8601 instant such as 2026-05-01T12:00:00Z");
        }
        try {
            return new ScenarioSettings(new Scenario(start, day, Settings.number(stream, "startHour", 0)), post, posts);
        } catch (IllegalArgumentException e) {
            throw new SensorException("stream " + stream.id() + ": " + e.getMessage());
        }
    }
}
