package org.lantaarn.node.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;

class TumblingWindowsTest {
    private static final Duration FIVE = Duration.ofSeconds(5);

    /** Counts what arrived in one window. */
    static final class Counting implements WindowAccumulator {
        int samples;
        int events;
        int faults;

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            samples++;
        }

        @Override
        public void event(Instant at, String name, long count) {
            events += (int) count;
        }

        @Override
        public void fault(Instant at, String reason) {
            faults++;
        }
    }

    record Closed(Window window, Counting contents, boolean partial) {}

    record Skipped(Instant from, Instant to, long windows) {}

    static final class Recorder implements WindowListener<Counting> {
        final List<Closed> closed = new ArrayList<>();
        final List<Skipped> skipped = new ArrayList<>();

        @Override
        public void closed(Window window, Counting contents, boolean partial) {
            closed.add(new Closed(window, contents, partial));
        }

        @Override
        public void skipped(Instant from, Instant to, long windows) {
            skipped.add(new Skipped(from, to, windows));
        }
    }

    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:02Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Recorder recorder = new Recorder();
    private final TumblingWindows<Counting> windows = new TumblingWindows<>("s1", FIVE, clock, scheduler, Counting::new, recorder);

    private static Instant t(String hms) {
        return Instant.parse("2026-05-01T" + hms + "Z");
    }

    @Test
    void closes_a_window_only_when_its_end_passes_on_the_clock() {
        windows.start();
        scheduler.advanceTo(t("12:00:04.999"));
        assertThat(recorder.closed).isEmpty();

        scheduler.advanceTo(t("12:00:05"));
        assertThat(recorder.closed).extracting(Closed::window).containsExactly(new Window(t("12:00:00"), t("12:00:05")));
    }

    @Test
    void a_sample_goes_to_the_window_that_contains_its_timestamp() {
        windows.start();
        windows.sample(t("12:00:03"), Map.of("x", 1.0));
        windows.sample(t("12:00:06"), Map.of("x", 1.0)); // ahead of the clock, but within the next window
        windows.event(t("12:00:07"), "passes", 3);
        scheduler.advanceTo(t("12:00:10"));

        assertThat(recorder.closed).hasSize(2);
        assertThat(recorder.closed.get(0).contents().samples).isEqualTo(1);
        assertThat(recorder.closed.get(1).window().start()).isEqualTo(t("12:00:05"));
        assertThat(recorder.closed.get(1).contents().samples).isEqualTo(1);
        assertThat(recorder.closed.get(1).contents().events).isEqualTo(3);
    }

    @Test
    void a_sample_for_a_closed_window_is_counted_as_late_and_dropped() {
        windows.start();
        scheduler.advanceTo(t("12:00:05"));
        windows.sample(t("12:00:04.500"), Map.of("x", 1.0));
        scheduler.advanceTo(t("12:00:10"));

        assertThat(windows.late()).isEqualTo(1);
        assertThat(recorder.closed).extracting(c -> c.contents().samples).containsExactly(0, 0);
    }

    @Test
    void the_first_window_is_partial_when_started_mid_window() {
        windows.start(); // 12:00:02, mid-window
        scheduler.advanceTo(t("12:00:10"));
        assertThat(recorder.closed).extracting(Closed::partial).containsExactly(true, false);
    }

    @Test
    void the_first_window_is_whole_when_started_on_a_boundary() {
        ManualClock onBoundary = ManualClock.at("2026-05-01T12:00:00Z");
        ManualScheduler s = new ManualScheduler(onBoundary);
        Recorder r = new Recorder();
        new TumblingWindows<>("s1", FIVE, onBoundary, s, Counting::new, r).start();
        s.advance(Duration.ofSeconds(5));
        assertThat(r.closed).extracting(Closed::partial).containsExactly(false);
    }

    @Test
    void silent_windows_still_close_so_silence_is_visible() {
        windows.start();
        scheduler.advanceTo(t("12:00:30"));
        assertThat(recorder.closed).hasSize(6);
        assertThat(recorder.closed).extracting(c -> c.window().end().toString())
                .containsExactly("2026-05-01T12:00:05Z", "2026-05-01T12:00:10Z", "2026-05-01T12:00:15Z",
                        "2026-05-01T12:00:20Z", "2026-05-01T12:00:25Z", "2026-05-01T12:00:30Z");
    }

    @Test
    void after_a_clock_jump_windows_with_data_close_and_the_empty_stretch_is_reported_as_skipped() {
        windows.start();
        windows.sample(t("12:00:03"), Map.of("x", 1.0));
        clock.set(t("13:00:01")); // a jump of an hour: 720 windows overdue
        scheduler.runDue();

        assertThat(recorder.closed).hasSize(1);
        assertThat(recorder.closed.getFirst().window().start()).isEqualTo(t("12:00:00"));
        assertThat(recorder.skipped).containsExactly(new Skipped(t("12:00:05"), t("13:00:00"), 719));
        scheduler.advanceTo(t("13:00:05"));
        assertThat(recorder.closed).last().extracting(Closed::window).isEqualTo(new Window(t("13:00:00"), t("13:00:05")));
    }

    @Test
    void a_failing_listener_does_not_stop_the_next_windows() {
        List<Window> seen = new ArrayList<>();
        TumblingWindows<Counting> w = new TumblingWindows<>("s1", FIVE, clock, scheduler, Counting::new, new WindowListener<>() {
            @Override
            public void closed(Window window, Counting contents, boolean partial) {
                seen.add(window);
                throw new IllegalStateException("downstream bug");
            }

            @Override
            public void skipped(Instant from, Instant to, long n) {}
        });
        w.start();
        scheduler.advanceTo(t("12:00:15"));
        assertThat(seen).hasSize(3);
    }

    @Test
    void after_close_no_window_closes_and_samples_are_ignored() {
        windows.start();
        windows.close();
        windows.sample(t("12:00:03"), Map.of("x", 1.0));
        scheduler.advanceTo(t("12:00:30"));
        assertThat(recorder.closed).isEmpty();
        assertThat(scheduler.pending()).isZero();
    }
}
