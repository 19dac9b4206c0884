package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.clock.ClockSync;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;

class ClockStepAndSyncTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(T);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    /** Monotonic time runs with the wall clock except across a step. */
    private final AtomicLong monoOffsetNanos = new AtomicLong();
    private final AtomicReference<ClockSync.State> sync = new AtomicReference<>(ClockSync.State.SYNCHRONISED);
    private NodeRuntime runtime;
    private RecordingUplink uplink;

    private void start() {
        runtime = NodeRuntime.builder()
                .config(Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5), Configs.stream("air", "test-climate")))
                .dataDir(dataDir).clock(clock).scheduler(scheduler).providers(List.of(TestSensors.climate(Duration.ofSeconds(1))))
                .monotonicNanos(() -> clock.millis() * 1_000_000L + monoOffsetNanos.get())
                .clockSync(sync::get)
                .uplink(ctx -> uplink = new RecordingUplink(ctx)).build();
        runtime.start();
    }

    private void stepWallClock(Duration step) {
        clock.step(clock.instant().plus(step));
        monoOffsetNanos.addAndGet(-step.toNanos());
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private List<Message> stored(long atLeast) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= atLeast);
        JsonCodec codec = new JsonCodec();
        return uplink.context.outbox().after(0, 1000).stream().map(OutboxRow::payloadBytes).map(codec::decode)
                .map(d -> ((Decoded.Accepted) d).message()).toList();
    }

    private static void assertAlignedWithoutOverlap(List<Observation> obs) {
        for (int i = 0; i < obs.size(); i++) {
            Observation o = obs.get(i);
            assertThat(o.end()).isAfter(o.start());
            assertThat(o.start().toEpochMilli() % 5000).as("aligned on the clock").isZero();
            if (i > 0) {
                assertThat(o.start()).as("no overlap").isAfterOrEqualTo(obs.get(i - 1).end());
            }
        }
    }

    @Test
    void windows_closed_across_a_forward_clock_step_are_flagged_and_the_next_ones_are_not() {
        start();
        scheduler.advance(Duration.ofSeconds(5));
        stepWallClock(Duration.ofSeconds(12)); // 12:00:05 -> 12:00:17
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(3)); // 12:00:20

        List<Observation> obs = stored(4).stream().map(Observation.class::cast).toList();
        assertThat(obs).extracting(o -> o.start().toString()).containsExactly(
                "2026-05-01T12:00:00Z", "2026-05-01T12:00:05Z", "2026-05-01T12:00:10Z", "2026-05-01T12:00:15Z");
        assertThat(obs).extracting(o -> o.quality().flags().contains("clock-step")).containsExactly(false, true, true, false);
        assertAlignedWithoutOverlap(obs);
    }

    @Test
    void a_backward_clock_step_never_makes_a_negative_or_overlapping_window_and_the_window_across_it_is_flagged() {
        start();
        scheduler.advance(Duration.ofSeconds(7)); // 12:00:07, window [05, 10) open
        stepWallClock(Duration.ofHours(-1)); // 11:00:07
        scheduler.advance(Duration.ofHours(1).plusSeconds(8)); // 12:00:15

        List<Observation> obs = stored(3).stream().map(Observation.class::cast).toList();
        assertThat(obs).extracting(o -> o.start().toString()).containsExactly(
                "2026-05-01T12:00:00Z", "2026-05-01T12:00:05Z", "2026-05-01T12:00:10Z");
        assertThat(obs).extracting(o -> o.quality().flags().contains("clock-step")).containsExactly(false, true, false);
        assertAlignedWithoutOverlap(obs);
    }

    @Test
    void a_forward_step_of_more_than_a_hundred_windows_is_reported_as_a_clock_step_gap() {
        start();
        scheduler.advance(Duration.ofSeconds(5));
        stepWallClock(Duration.ofHours(1));
        scheduler.runDue();

        List<Message> stored = stored(3);
        assertThat(stored).filteredOn(Gap.class::isInstance).map(Gap.class::cast)
                .singleElement().satisfies(g -> {
                    assertThat(g.reason()).isEqualTo("clock-step");
                    assertThat(g.replaces()).as("skipped windows never had a seq").isEmpty();
                });
    }

    @Test
    void windows_recorded_before_the_clock_is_synchronised_are_flagged_clock_unsynced() {
        sync.set(ClockSync.State.UNSYNCHRONISED);
        start();
        scheduler.advance(Duration.ofSeconds(10));
        stored(2);
        sync.set(ClockSync.State.SYNCHRONISED);
        scheduler.advance(Duration.ofSeconds(5));

        List<Observation> obs = stored(3).stream().map(Observation.class::cast).toList();
        assertThat(obs).extracting(o -> o.quality().flags().contains("clock-unsynced")).containsExactly(true, true, false);
    }
}
