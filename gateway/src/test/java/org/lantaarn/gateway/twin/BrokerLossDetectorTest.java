package org.lantaarn.gateway.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrokerLossDetectorTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final BrokerLossDetector d = new BrokerLossDetector(Duration.ofSeconds(60));

    @Test
    void the_first_connect_is_no_loss_even_without_a_session() {
        assertThat(d.connected(false, T0)).isEmpty();
    }

    @Test
    void a_reconnect_without_the_session_republishes_from_a_window_before_the_broker_was_last_seen_alive() {
        d.connected(true, T0);
        d.alive(T0.plusSeconds(100));

        assertThat(d.connected(false, T0.plusSeconds(130))).contains(T0.plusSeconds(40));
        assertThat(d.connected(true, T0.plusSeconds(200))).as("the session is back").isEmpty();
    }

    @Test
    void a_broker_start_time_that_moves_later_is_a_restart_and_one_that_stays_is_not() {
        d.connected(true, T0);
        assertThat(d.uptime(1000, T0.plusSeconds(10))).isEmpty();
        assertThat(d.uptime(1011, T0.plusSeconds(21))).as("uptime grew with the clock").isEmpty();
        assertThat(d.uptime(1030, T0.plusSeconds(41))).as("within the tolerance").isEmpty();
        d.alive(T0.plusSeconds(50));

        assertThat(d.uptime(2, T0.plusSeconds(60))).as("started again at T0+58").contains(T0.minusSeconds(10));
        assertThat(d.uptime(12, T0.plusSeconds(70))).as("the new start is the reference now").isEmpty();
    }

    @Test
    void a_broker_killed_again_within_seconds_of_its_restart_is_a_loss_although_its_start_time_hardly_moved() {
        d.connected(true, T0);
        assertThat(d.uptime(0, T0)).isEmpty();
        d.alive(T0.plusSeconds(2)); // a twin publish acknowledged 2 s after the broker started
        // killed at T0+2, started again at T0+3; its start time moved 3 s, within START_TOLERANCE

        assertThat(d.connected(true, T0.plusSeconds(3))).as("the session survived in its last autosave").isEmpty();
        assertThat(d.uptime(0, T0.plusSeconds(3))).as("started after it was last seen alive").contains(T0.minusSeconds(58));
    }

    @Test
    void a_reconnect_to_a_broker_that_stayed_up_is_no_loss() {
        d.connected(true, T0);
        assertThat(d.uptime(5000, T0)).isEmpty();
        d.alive(T0.plusSeconds(30));

        assertThat(d.connected(true, T0.plusSeconds(45))).isEmpty();
        assertThat(d.uptime(5045, T0.plusSeconds(45))).as("up since long before it was last seen").isEmpty();
        assertThat(d.uptime(5055, T0.plusSeconds(55))).as("only the first uptime after a reconnect is compared").isEmpty();
    }

    @Test
    void a_stale_retained_uptime_of_a_long_running_broker_is_no_loss() {
        d.connected(true, T0);
        d.uptime(5000, T0);
        d.alive(T0.plusSeconds(30));

        d.connected(true, T0.plusSeconds(31));
        assertThat(d.uptime(5029, T0.plusSeconds(31))).as("a value published 2 s before the reconnect").isEmpty();
    }
}
