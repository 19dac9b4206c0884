package org.lantaarn.node.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void a_sixty_second_window_ends_on_the_minute() {
        Window w = Window.containing(Instant.parse("2026-05-01T12:03:27.400Z"), Duration.ofSeconds(60));
        assertThat(w.start()).isEqualTo(Instant.parse("2026-05-01T12:03:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2026-05-01T12:04:00Z"));
    }

    @Test
    void five_second_windows_end_on_multiples_of_five_seconds() {
        Duration five = Duration.ofSeconds(5);
        assertThat(Window.containing(Instant.parse("2026-05-01T12:00:04.999Z"), five).end())
                .isEqualTo(Instant.parse("2026-05-01T12:00:05Z"));
        assertThat(Window.containing(Instant.parse("2026-05-01T12:00:05Z"), five).start())
                .isEqualTo(Instant.parse("2026-05-01T12:00:05Z"));
        assertThat(Window.containing(Instant.parse("2026-05-01T12:00:57Z"), five).end())
                .isEqualTo(Instant.parse("2026-05-01T12:01:00Z"));
    }

    @Test
    void an_instant_on_a_boundary_opens_the_next_window() {
        Window w = Window.containing(Instant.parse("2026-05-01T12:04:00Z"), Duration.ofMinutes(1));
        assertThat(w.start()).isEqualTo(Instant.parse("2026-05-01T12:04:00Z"));
        assertThat(w.contains(Instant.parse("2026-05-01T12:04:59.999Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-05-01T12:05:00Z"))).isFalse();
    }

    @Test
    void next_follows_without_gap() {
        Window w = Window.containing(Instant.parse("2026-05-01T12:04:10Z"), Duration.ofMinutes(1));
        assertThat(w.next().start()).isEqualTo(w.end());
        assertThat(w.next().length()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void refuses_a_length_that_is_not_a_positive_whole_number_of_milliseconds() {
        assertThatThrownBy(() -> Window.containing(Instant.EPOCH, Duration.ZERO)).hasMessageContaining("window length");
        assertThatThrownBy(() -> Window.containing(Instant.EPOCH, Duration.ofNanos(1_500_000))).hasMessageContaining("window length");
    }
}
