package org.lantaarn.node.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishPacerTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void lets_a_burst_through_then_spaces_publishes_at_the_configured_rate() {
        PublishPacer pacer = new PublishPacer(10, 3, now::get);

        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isEqualTo(100_000_000L);
        assertThat(pacer.reserve()).isEqualTo(200_000_000L);
    }

    @Test
    void a_backlog_of_a_thousand_rows_at_100_per_second_takes_about_ten_seconds() {
        PublishPacer pacer = new PublishPacer(100, 10, now::get);
        long waited = 0;
        for (int i = 0; i < 1000; i++) {
            long w = pacer.reserve();
            now.addAndGet(w);
            waited += w;
        }
        assertThat(waited).isBetween(9_800_000_000L, 10_000_000_000L);
    }

    @Test
    void a_quiet_spell_does_not_save_up_more_than_the_burst() {
        PublishPacer pacer = new PublishPacer(10, 2, now::get);
        pacer.reserve();
        now.addAndGet(60_000_000_000L);

        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isPositive();
    }
}
