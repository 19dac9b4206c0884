package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.node.testing.TestSensors;

/**
 * Done-when 4 of issue 5: a full disk. The "disk" is the outbox file capped with SQLite's {@code PRAGMA
 * max_page_count} (a write limit that fails exactly like a full file system, with {@code SQLITE_FULL}); raising the
 * cap is space coming back.
 */
class FullDiskTest {
    @TempDir
    Path dataDir;

    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private NodeRuntime runtime;
    private RecordingUplink uplink;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void a_node_whose_disk_fills_up_runs_on_with_an_alarm_in_health_and_recovers_when_space_returns() {
        runtime = NodeRuntime.builder()
                .config(Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5),
                        Configs.stream("air", "test-climate"), Configs.stream("flow", "test-motion", 5)))
                .dataDir(dataDir).clock(clock).scheduler(scheduler)
                .providers(List.of(TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1)))
                .uplink(ctx -> uplink = new RecordingUplink(ctx)).build();
        runtime.start();
        Outbox outbox = uplink.context.outbox();
        scheduler.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 4);

        outbox.maxPageCount(outbox.pageCount()); // the disk is full
        scheduler.advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= 4 + 120);

        assertThat(runtime.health().alarms()).contains("outbox-disk-full");
        assertThat(runtime.outbox().depth()).as("nothing recorded is lost while the disk is full").isEqualTo(runtime.lastRecordedSeq());
        assertThat(outbox.after(0, 10_000)).as("rows in memory are not sent before they are on disk").hasSizeLessThan(124);

        long full = runtime.lastRecordedSeq(); // all 5 minutes recorded: no more windows until the clock moves
        outbox.maxPageCount(1_000_000); // space returns
        scheduler.advance(Duration.ofSeconds(5)); // one more window of each of the two streams
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.alarm().isEmpty());

        assertThat(runtime.health().alarms()).doesNotContain("outbox-disk-full");
        // The writer may clear the alarm (rows moved from memory to the file) before it appends the window just closed,
        // so the last seq is not read when the alarm clears: it is the two rows of that window above the full outbox.
        long last = full + 2;
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.after(0, 10_000).size() >= last && runtime.lastRecordedSeq() >= last);
        assertThat(runtime.lastRecordedSeq()).isEqualTo(last);
        assertThat(outbox.after(0, 10_000)).extracting(OutboxRow::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    }
}
