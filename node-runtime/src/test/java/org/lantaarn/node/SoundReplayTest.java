package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.sensor.DeviceReader;
import org.lantaarn.node.sensor.sound.SoundLevelProvider;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.node.testing.Wavs;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;

/** A recorder's WAV file replayed by a node: windows by the file's time, and a visible end. */
class SoundReplayTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:07Z"); // not on a window boundary
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private NodeRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void a_sixty_second_wav_in_fast_replay_yields_twelve_five_second_windows_and_then_says_the_source_ended() throws Exception {
        // Levels change per five-second window: 60, 70, 60, 70, ...
        double[] levels = new double[10];
        Arrays.fill(levels, 0, 5, 60);
        Arrays.fill(levels, 5, 10, 70);
        Path wav = dir.resolve("recorder.wav");
        Files.write(wav, Wavs.tones(60, levels));
        StreamConfig sound = new StreamConfig("noise", "sound-level", null, null, null,
                Map.of("file", wav.toString(), "calibration", "120", "replay", "fast"), null, null);
        NodeConfig config = Configs.node("replay-1", "tcp://127.0.0.1:1", Duration.ofSeconds(5), sound);
        runtime = NodeRuntime.builder().config(config).dataDir(dir.resolve("data")).clock(clock).scheduler(scheduler)
                .providers(List.of(new SoundLevelProvider())).uplink(RecordingUplink::new).build();
        runtime.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.lastRecordedSeq() >= 12
                && runtime.health().streams().get("noise").state().equals(DeviceReader.SOURCE_ENDED));
        List<Observation> obs = observations();
        assertThat(obs).hasSize(12);
        for (int i = 0; i < 12; i++) {
            Observation o = obs.get(i);
            assertThat(Duration.between(o.start(), o.end())).isEqualTo(Duration.ofSeconds(5));
            if (i > 0) {
                assertThat(o.start()).isEqualTo(obs.get(i - 1).end());
            }
            assertThat(o.quality().coverage()).as("window %d", i).isEqualTo(1.0);
            assertThat(o.values().get("LAeq")).as("window %d", i).isCloseTo(i % 2 == 0 ? 60.0 : 70.0, within(0.2));
        }
        // The file's time starts at the minute the stream started, not at the node clock's 12:00:07.
        assertThat(obs.getFirst().start()).isEqualTo(java.time.Instant.parse("2026-05-01T12:00:00Z"));
        assertThat(runtime.health().alarms()).contains("source-ended:noise");
    }

    @Test
    void a_wav_file_replays_in_real_time_by_the_node_clock_and_the_windows_after_its_end_say_source_ended() throws Exception {
        clock.set(java.time.Instant.parse("2026-05-01T12:00:10Z")); // on a window boundary: whole windows
        Path wav = dir.resolve("ten-seconds.wav");
        Files.write(wav, Wavs.tones(10, 60, 60, 60, 60, 60, 70, 70, 70, 70, 70));
        StreamConfig sound = new StreamConfig("noise", "sound-level", null, null, null,
                Map.of("file", wav.toString(), "calibration", "120"), null, null);
        java.util.concurrent.atomic.AtomicInteger seconds = new java.util.concurrent.atomic.AtomicInteger();
        org.lantaarn.node.sensor.SensorDriverProvider counting = new org.lantaarn.node.sensor.SensorDriverProvider() {
            final SoundLevelProvider real = new SoundLevelProvider();

            @Override
            public String sensor() {
                return real.sensor();
            }

            @Override
            public String driver() {
                return real.driver();
            }

            @Override
            public boolean isDefaultForSensor() {
                return true;
            }

            @Override
            public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
                return real.disclosures();
            }

            @Override
            public org.lantaarn.node.sensor.SensorDriver open(StreamConfig s, org.lantaarn.node.sensor.DriverContext c)
                    throws org.lantaarn.node.sensor.SensorException {
                org.lantaarn.node.sensor.SensorDriver d = real.open(s, c);
                return new org.lantaarn.node.sensor.SensorDriver() {
                    @Override
                    public org.lantaarn.node.sensor.SensorDescriptor descriptor() {
                        return d.descriptor();
                    }

                    @Override
                    public void start(org.lantaarn.node.sensor.SampleSink sink) {
                        d.start(new org.lantaarn.node.sensor.SampleSink() {
                            @Override
                            public void sample(java.time.Instant at, Map<String, Double> values) {
                                sink.sample(at, values);
                                seconds.incrementAndGet();
                            }

                            @Override
                            public void event(java.time.Instant at, String name, long count) {
                                sink.event(at, name, count);
                            }

                            @Override
                            public void fault(java.time.Instant at, String reason) {
                                sink.fault(at, reason);
                            }

                            @Override
                            public void condition(java.time.Instant at, String flag) {
                                sink.condition(at, flag);
                            }
                        });
                    }

                    @Override
                    public void close() {
                        d.close();
                    }
                };
            }
        };
        NodeConfig config = Configs.node("replay-2", "tcp://127.0.0.1:1", Duration.ofSeconds(5), sound);
        runtime = NodeRuntime.builder().config(config).dataDir(dir.resolve("data")).clock(clock).scheduler(scheduler)
                .providers(List.of(counting)).uplink(RecordingUplink::new).build();
        runtime.start();
        // One second of audio per second of the node's clock: the driver waits for the clock before the next second.
        for (int k = 1; k <= 10; k++) {
            int want = k;
            await().atMost(Duration.ofSeconds(30)).until(() -> seconds.get() >= want);
            assertThat(seconds.get()).as("no second is read ahead of the clock").isEqualTo(k);
            scheduler.advance(Duration.ofSeconds(1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.health().streams().get("noise").state().equals(DeviceReader.SOURCE_ENDED));
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= 3);
        List<Observation> obs = observations();
        assertThat(obs).hasSize(3);
        assertThat(obs.get(0).values().get("LAeq")).isCloseTo(60.0, within(0.2));
        assertThat(obs.get(1).values().get("LAeq")).isCloseTo(70.0, within(0.2));
        assertThat(obs.get(0).quality().coverage()).isEqualTo(1.0);
        assertThat(obs.get(1).quality().coverage()).isEqualTo(1.0);
        assertThat(obs.get(2).values()).isEmpty();
        assertThat(obs.get(2).quality().flags()).contains(DeviceReader.SOURCE_ENDED, "no-samples");
    }

    private List<Observation> observations() {
        JsonCodec codec = new JsonCodec();
        RecordingUplink u = (RecordingUplink) runtime.uplink();
        return u.context.outbox().after(0, 1000).stream().map(OutboxRow::payloadBytes).map(codec::decode)
                .map(d -> ((Decoded.Accepted) d).message()).filter(Observation.class::isInstance).map(Observation.class::cast).toList();
    }
}
