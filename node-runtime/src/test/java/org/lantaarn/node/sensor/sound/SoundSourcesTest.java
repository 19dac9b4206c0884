package org.lantaarn.node.sensor.sound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DeviceReader;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.testing.Wavs;

/** Sound from the sources a technician has: a recorder writing into a named pipe in real time, and a WAV file. */
class SoundSourcesTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final DriverContext context = new DriverContext("n1", Clock.systemUTC(), scheduler);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Records what a driver delivers. */
    static final class Recording implements SampleSink {
        final List<Double> laeq = new CopyOnWriteArrayList<>();
        final List<String> faults = new CopyOnWriteArrayList<>();
        final List<String> conditions = new CopyOnWriteArrayList<>();

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            laeq.add(values.get("LAeq1s"));
        }

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
    }

    private SensorDriver open(Map<String, String> settings) throws Exception {
        return new SoundLevelProvider().open(new StreamConfig("noise", "sound-level", null, null, null, settings, null, null), context);
    }

    @Test
    void sound_fed_through_a_named_pipe_in_real_time_reads_like_the_same_file_read_directly() throws Exception {
        byte[] wav = Wavs.tones(6, 55, 62.5, 71, 80, 67, 58);
        Path file = dir.resolve("street.wav");
        Files.write(file, wav);

        // Directly: the file, replayed fast.
        Recording direct = new Recording();
        SensorDriver d = open(Map.of("file", file.toString(), "calibration", "120", "replay", "fast"));
        d.start(direct);
        await().atMost(Duration.ofSeconds(30)).until(() -> direct.conditions.contains(DeviceReader.SOURCE_ENDED));
        d.close();
        assertThat(direct.laeq).hasSize(6);

        // Through a named pipe, written one second of audio per second as a recorder would.
        Path fifo = Wavs.mkfifo(dir.resolve("recorder.wav"));
        Recording piped = new Recording();
        SensorDriver p = open(Map.of("file", fifo.toString(), "calibration", "120"));
        long start = System.nanoTime();
        p.start(piped); // returns at once: the pipe is opened on the driver's thread
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        int header = wav.length - 6 * 96_000;
        CompletableFuture<Void> written = new CompletableFuture<>();
        AtomicInteger chunk = new AtomicInteger();
        FileChannel[] out = new FileChannel[1];
        scheduler.scheduleAtFixedRate(() -> {
            try {
                if (out[0] == null) {
                    out[0] = FileChannel.open(fifo, StandardOpenOption.WRITE); // waits for the driver's open
                }
                int i = chunk.getAndIncrement();
                int from = i == 0 ? 0 : header + i * 96_000;
                int to = header + (i + 1) * 96_000;
                out[0].write(ByteBuffer.wrap(Arrays.copyOfRange(wav, from, to)));
                if (i == 5) {
                    out[0].close();
                    written.complete(null);
                    throw new IllegalStateException("done"); // ends the periodic task
                }
            } catch (java.io.IOException e) {
                written.completeExceptionally(e);
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 1, TimeUnit.SECONDS);
        written.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> piped.laeq.size() >= 6);
        p.close();

        assertThat(piped.laeq).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(piped.laeq.get(i)).as("second %d", i).isCloseTo(direct.laeq.get(i), within(0.1));
        }
        assertThat(direct.laeq.get(3)).isCloseTo(80.0, within(0.2));
        assertThat(piped.faults).noneMatch(f -> f.contains("not a WAV"));
    }

    @Test
    void a_clipping_microphone_is_flagged_and_the_flag_clears_when_it_stops() throws Exception {
        int rate = 48_000;
        byte[] pcm = new byte[rate * 4 * 2];
        for (int i = 0; i < rate * 4; i++) {
            int second = i / rate;
            double a = second == 1 || second == 2 ? 1.6 : Wavs.amplitudeFor(70); // seconds 1 and 2 are driven beyond full scale
            int v = (int) Math.max(-32768, Math.min(32767, Math.round(a * Math.sin(2 * Math.PI * 1000 * i / (double) rate) * 32767)));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        Path file = dir.resolve("clipping.wav");
        Files.write(file, Wavs.wav(pcm, rate));
        Recording r = new Recording();
        SensorDriver d = open(Map.of("file", file.toString(), "calibration", "120", "replay", "fast"));
        d.start(r);
        await().atMost(Duration.ofSeconds(30)).until(() -> r.conditions.contains(DeviceReader.SOURCE_ENDED));
        d.close();
        assertThat(r.conditions).hasSize(3);
        assertThat(r.conditions.get(0)).startsWith("clipping: ").endsWith("% of samples at full scale");
        assertThat(r.conditions.subList(1, 3)).containsExactly("null", DeviceReader.SOURCE_ENDED);
    }
}
