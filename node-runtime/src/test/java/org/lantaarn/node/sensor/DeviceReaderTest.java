package org.lantaarn.node.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thread a device is opened and read on: open and read timeouts, backoff, and a close that never waits. */
class DeviceReaderTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DriverContext context = new DriverContext("n1", Clock.systemUTC(), scheduler);
    private final List<String> conditions = new CopyOnWriteArrayList<>();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final SampleSink sink = new SampleSink() {
        @Override
        public void sample(Instant at, Map<String, Double> values) {}

        @Override
        public void event(Instant at, String name, long count) {}

        @Override
        public void fault(Instant at, String reason) {
            faults.add(reason);
        }

        @Override
        public void condition(Instant at, String flag) {
            conditions.add(String.valueOf(flag));
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void an_open_that_hangs_is_reported_once_never_started_twice_and_reading_begins_when_it_returns() throws Exception {
        CountDownLatch device = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        CountDownLatch read = new CountDownLatch(1);
        DeviceReader r = DeviceReader.builder("test-hung-open", "a hung device", () -> {
            opens.incrementAndGet();
            try {
                device.await(); // an open() nobody can interrupt, such as a serial bridge's
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new DeviceReader.Session() {
                @Override
                public void read() {
                    read.countDown();
                }

                @Override
                public void close() {}
            };
        }, sink, context).openTimeout(Duration.ofSeconds(1)).atEnd(DeviceReader.AtEnd.STOP).build();
        long start = System.nanoTime();
        r.start();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> conditions.contains("sensor-absent: open timed out after 1s"));
        device.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> read.getCount() == 0 && conditions.contains(DeviceReader.SOURCE_ENDED));
        assertThat(opens.get()).isEqualTo(1);
        assertThat(conditions).containsExactly("sensor-absent: open timed out after 1s", "null", DeviceReader.SOURCE_ENDED);
        r.close();
    }

    @Test
    void a_device_that_goes_silent_is_reported_and_opened_again_and_close_ends_a_blocked_read_at_once(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("silent");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        AtomicInteger opens = new AtomicInteger();
        FileChannel[] writer = new FileChannel[1];
        DeviceReader[] reader = new DeviceReader[1];
        reader[0] = DeviceReader.builder("test-silent", fifo.toString(), () -> {
            FileChannel ch = FileChannel.open(fifo);
            opens.incrementAndGet();
            return new DeviceReader.Session() {
                @Override
                public void read() throws IOException {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    while (ch.read(b.clear()) >= 0) {
                        reader[0].progress();
                    }
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }, sink, context).path(fifo).openTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(200)).build();
        reader[0].start();
        writer[0] = FileChannel.open(fifo, java.nio.file.StandardOpenOption.WRITE); // returns once the reader has opened
        writer[0].write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        // The writer stays but sends nothing more: after 1 s the read times out, and the pipe is opened again.
        await().atMost(Duration.ofSeconds(20)).until(() -> conditions.stream().anyMatch(c -> c.startsWith("read timed out: no data from ")));
        await().atMost(Duration.ofSeconds(20)).until(() -> opens.get() >= 2);
        long start = System.nanoTime();
        reader[0].close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(reader[0]::isStopped);
        writer[0].close();
        assertThat(faults).noneMatch(f -> f.startsWith("cannot open"));
    }

    @Test
    void a_capture_channel_keeps_no_copy_of_what_it_handed_out(@TempDir Path dir) throws Exception {
        byte[] secret = new byte[100_000];
        new java.util.Random(7).nextBytes(secret);
        Path file = Files.write(dir.resolve("capture"), secret);
        ZeroingChannelInput in = new ZeroingChannelInput(FileChannel.open(file));
        byte[] got = in.readNBytes(secret.length);
        assertThat(got).isEqualTo(secret);
        assertThat(in.isWiped()).isTrue();
        in.close();
        assertThat(in.isWiped()).isTrue();
    }
}
