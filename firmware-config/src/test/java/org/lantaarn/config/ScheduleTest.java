package org.lantaarn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void shop_hours_on_weekdays_are_open_in_amsterdam_local_time() {
        Schedule s = Schedule.parse("Mon-Fri 07:00-19:00");
        assertThat(s.isOpen(Instant.parse("2026-07-21T05:00:00Z"))).isTrue();  // Tue 07:00 CEST
        assertThat(s.isOpen(Instant.parse("2026-07-21T04:59:00Z"))).isFalse(); // Tue 06:59
        assertThat(s.isOpen(Instant.parse("2026-07-21T17:00:00Z"))).isFalse(); // Tue 19:00: the end is excluded
        assertThat(s.isOpen(Instant.parse("2026-07-25T10:00:00Z"))).isFalse(); // Saturday
    }

    @Test
    void an_event_of_four_days_includes_both_ends_and_may_have_hours_and_another_zone() {
        Schedule s = Schedule.parse("2026-07-21..2026-07-24 06:00-22:00; zone UTC");
        assertThat(s.isOpen(Instant.parse("2026-07-21T06:00:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-07-24T21:59:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-07-25T10:00:00Z"))).isFalse();
        assertThat(s.nextChange(Instant.parse("2026-07-20T12:00:00Z"), 8)).contains(Instant.parse("2026-07-21T06:00:00Z"));
    }

    @Test
    void unreadable_schedules_are_refused_with_the_reason() {
        assertThat(Schedule.problem("Mon-Fri 19:00-07:00")).get().asString().contains("cross midnight");
        assertThat(Schedule.problem("Funday 07:00-19:00")).get().asString().contains("is not a day");
        assertThat(Schedule.problem("2026-07-24..2026-07-21")).get().asString().contains("ends before it starts");
        assertThat(Schedule.problem("sometimes")).isPresent();
        assertThat(Schedule.problem("Sat,Sun 10:00-17:00; 2026-12-31")).isEmpty();
    }

    @Test
    void the_validator_names_the_stream_schedule_that_cannot_be_read() {
        ConfigResult r = ConfigLoader.parse("""
                schema: lantaarn.config/1
                node: n1
                site: s1
                version: 1
                location: {lat: 51.6, lon: 5.3}
                purpose: count visitors
                legalGround: public task
                uplink: {broker: "tcp://127.0.0.1:1883"}
                streams:
                  - {id: wifi, sensor: wifi-presence, settings: {source: /tmp/x}, schedule: "Mon-Fri 25:00-26:00"}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        assertThat(((ConfigResult.Invalid) r).violations()).singleElement().asString()
                .contains("streams[0].schedule").contains("not a time of day");
    }
}
