package org.lantaarn.node.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.uplink.Delivery.Step;

/** Every delivery rule of the uplink, driven by a fake ticker: no broker, no threads, no waiting. */
class DeliveryTest {
    private static final int WINDOW = 10;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private Delivery delivery;
    private long epoch;

    @BeforeEach
    void connect() {
        delivery = new Delivery(new DeliveryPolicy(Duration.ofSeconds(60), 100), WINDOW, now::get, new Random(7));
        epoch = delivery.connected();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private Step.Fetch fetch() {
        Step s = delivery.next(epoch);
        assertThat(s).isInstanceOf(Step.Fetch.class);
        return (Step.Fetch) s;
    }

    /** Publishes rows {@code from..to} as the transport would, after a fetch. */
    private void publish(long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            assertThat(delivery.publishing(epoch, seq)).isTrue();
        }
    }

    private void acknowledge(int n) {
        for (int i = 0; i < n; i++) {
            delivery.acknowledged(epoch);
        }
    }

    // ---------------------------------------------------------------- order, window, coalescing

    @Test
    void a_new_connection_starts_from_the_first_unconfirmed_row_with_the_whole_window() {
        assertThat(fetch()).isEqualTo(new Step.Fetch(0, WINDOW));
    }

    @Test
    void no_more_than_the_window_is_in_flight_and_each_acknowledgement_opens_room_after_the_last_row_sent() {
        fetch();
        publish(1, 10);
        delivery.fetched(10, 10);
        assertThat(delivery.next(epoch)).isInstanceOf(Step.Idle.class);

        acknowledge(3);

        assertThat(fetch()).isEqualTo(new Step.Fetch(10, 3));
    }

    @Test
    void many_outbox_changes_while_busy_are_read_once() {
        fetch();
        publish(1, 2);
        delivery.fetched(2, 10);
        for (int i = 0; i < 50; i++) {
            delivery.outboxChanged();
        }

        assertThat(fetch()).isEqualTo(new Step.Fetch(2, 8));
        assertThat(delivery.next(epoch)).isInstanceOf(Step.Idle.class);
    }

    @Test
    void an_idle_transport_looks_at_the_outbox_again_after_the_poll_interval() {
        fetch();
        delivery.fetched(0, 10);
        Step idle = delivery.next(epoch);
        assertThat(idle).isEqualTo(new Step.Idle(Delivery.POLL));

        delivery.idleTimedOut();

        assertThat(fetch()).isEqualTo(new Step.Fetch(0, WINDOW));
    }

    @Test
    void a_reconnect_sends_every_unconfirmed_row_again_and_answers_for_the_old_connection_change_nothing() {
        fetch();
        publish(1, 5);
        long old = epoch;
        delivery.down();
        assertThat(delivery.next(old)).isInstanceOf(Step.Stop.class);
        assertThat(delivery.publishing(old, 6)).isFalse();

        epoch = delivery.connected();
        delivery.acknowledged(old);
        delivery.released(old);

        assertThat(fetch()).isEqualTo(new Step.Fetch(0, WINDOW));
        assertThat(delivery.inFlight()).isZero();
    }

    // ---------------------------------------------------------------- resend

    @Test
    void rows_out_without_a_receipt_for_the_timeout_are_all_sent_again_from_the_first() {
        fetch();
        publish(1, 4);
        acknowledge(4);
        delivery.fetched(4, 10);
        fetch();
        delivery.fetched(0, 10);

        advance(Duration.ofSeconds(59));
        assertThat(delivery.next(epoch)).isInstanceOf(Step.Idle.class);
        assertThat(delivery.resends()).isZero();

        advance(Duration.ofSeconds(2));
        assertThat(fetch()).isEqualTo(new Step.Fetch(0, WINDOW));
        assertThat(delivery.resends()).isEqualTo(1);
    }

    @Test
    void the_resend_wait_doubles_while_no_receipt_moves_up_to_thirty_minutes_and_a_receipt_brings_it_back() {
        fetch();
        publish(1, 1);
        acknowledge(1);
        delivery.fetched(1, 10);
        Duration wait = Duration.ofSeconds(60);
        for (int i = 1; i <= 8; i++) {
            advance(wait.plusSeconds(1));
            fetch();
            publish(1, 1);
            acknowledge(1);
            delivery.fetched(1, 10);
            assertThat(delivery.resends()).isEqualTo(i);
            wait = wait.multipliedBy(2).compareTo(DeliveryPolicy.MAX_RESEND_AFTER) > 0 ? DeliveryPolicy.MAX_RESEND_AFTER : wait.multipliedBy(2);
            assertThat(delivery.resendAfter()).isEqualTo(wait);
        }
        assertThat(delivery.resendAfter()).isEqualTo(DeliveryPolicy.MAX_RESEND_AFTER);

        assertThat(delivery.receipt(1, 1).progress()).isTrue();

        assertThat(delivery.resendAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void nothing_is_resent_while_receipts_keep_up_with_what_was_sent() {
        fetch();
        publish(1, 3);
        acknowledge(3);
        delivery.fetched(3, 10);
        advance(Duration.ofSeconds(50));
        delivery.receipt(3, 3);
        advance(Duration.ofSeconds(50));

        assertThat(fetch()).isEqualTo(new Step.Fetch(3, WINDOW));
        advance(Duration.ofHours(2));
        assertThat(delivery.next(epoch)).isInstanceOf(Step.Idle.class);
        assertThat(delivery.resends()).isZero();
    }

    @Test
    void a_receipt_that_does_not_move_is_not_progress() {
        assertThat(delivery.receipt(5, 9).progress()).isTrue();
        assertThat(delivery.receipt(5, 9).progress()).isFalse();
        assertThat(delivery.receipt(4, 9).progress()).isFalse();
        assertThat(delivery.receiptSeq()).isEqualTo(5);
    }

    // ---------------------------------------------------------------- pacing

    @Test
    void publishes_are_paced_to_the_policy_rate_after_a_burst_of_the_window() {
        for (int i = 0; i < WINDOW; i++) {
            assertThat(delivery.pace()).as("burst publish %s", i).isZero();
        }
        assertThat(delivery.pace()).isEqualTo(Duration.ofMillis(10).toNanos());
        assertThat(delivery.pace()).isEqualTo(Duration.ofMillis(20).toNanos());

        advance(Duration.ofMillis(30));
        assertThat(delivery.pace()).isZero();
    }

    // ---------------------------------------------------------------- refusal

    @Test
    void a_refused_row_is_sent_again_from_its_seq_after_a_growing_backoff() {
        fetch();
        publish(1, 5);
        delivery.fetched(5, 10);
        acknowledge(2);

        Duration first = delivery.refused(epoch);
        assertThat(first).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(delivery.refusals()).isEqualTo(1);
        delivery.retryRefused(epoch, 3);

        assertThat(fetch()).isEqualTo(new Step.Fetch(2, 8));
        publish(3, 3);
        assertThat(delivery.refused(epoch)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void a_row_the_client_would_not_take_goes_again_from_its_seq() {
        fetch();
        publish(1, 4);
        delivery.notTaken(epoch, 4);
        delivery.fetched(4, 10);
        // Not at once (a client that takes nothing would make a busy loop): at the next look at the outbox.
        assertThat(delivery.next(epoch)).isInstanceOf(Step.Idle.class);
        delivery.idleTimedOut();

        assertThat(fetch()).isEqualTo(new Step.Fetch(3, 7));
    }

    // ---------------------------------------------------------------- reconnect backoff

    @Test
    void a_connection_worked_when_publishes_were_acknowledged_and_none_refused_or_when_it_lasted() {
        long at = now.get();
        assertThat(delivery.worked(epoch, at)).isFalse();

        delivery.acknowledged(epoch);
        assertThat(delivery.worked(epoch, at)).isTrue();

        delivery.refused(epoch);
        assertThat(delivery.worked(epoch, at)).as("a refusal: the broker may drop us on every connect").isFalse();

        advance(Delivery.STABLE.plusMillis(1));
        assertThat(delivery.worked(epoch, at)).isTrue();
    }

    // ---------------------------------------------------------------- rebase after a wiped node

    @Test
    void a_receipt_above_every_seq_this_outbox_assigned_says_to_move_the_waiting_rows_above_it() {
        assertThat(delivery.receipt(7_000, 12).rebaseAbove()).isEqualTo(7_000);
        assertThat(delivery.receipt(7_000, 7_005).rebaseAbove()).isEqualTo(-1);
        assertThat(delivery.receipt(7_005, 7_005).rebaseAbove()).isEqualTo(-1);
    }
}
