package org.lantaarn.node.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilings_double_from_one_second_and_stop_at_sixty() {
        Backoff b = Backoff.defaults(new Random(42));
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ceilings.add(b.ceiling().toMillis());
            b.next();
        }
        assertThat(ceilings).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L);
    }

    @Test
    void every_delay_lies_between_zero_and_its_ceiling() {
        Backoff b = Backoff.defaults(new Random(7));
        for (int i = 0; i < 1_000; i++) {
            long ceiling = b.ceiling().toMillis();
            Duration d = b.next();
            assertThat(d.toMillis()).isBetween(0L, ceiling);
        }
    }

    @Test
    void full_jitter_spreads_delays_over_the_whole_range() {
        Backoff b = new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60), new Random(1));
        HashSet<Long> tenths = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            tenths.add(b.next().toMillis() / 6_000);
        }
        assertThat(tenths).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void the_same_seed_gives_the_same_delays() {
        Backoff a = Backoff.defaults(new Random(99));
        Backoff b = Backoff.defaults(new Random(99));
        for (int i = 0; i < 20; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void reset_starts_again_from_the_initial_ceiling() {
        Backoff b = Backoff.defaults(new Random(3));
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        b.reset();
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next().toMillis()).isBetween(0L, 1_000L);
    }

    @Test
    void never_overflows_after_many_attempts() {
        Backoff b = new Backoff(Duration.ofDays(1), Duration.ofDays(365), new Random(5));
        for (int i = 0; i < 200; i++) {
            assertThat(b.next().toMillis()).isBetween(0L, Duration.ofDays(365).toMillis());
        }
        assertThat(b.ceiling()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void refuses_a_cap_below_the_initial_delay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), new Random()))
                .hasMessageContaining("max must be at least initial");
    }
}
