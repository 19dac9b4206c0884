package org.lantaarn.node.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.sensor.particulates.ParticulateProviders;
import org.lantaarn.node.sensor.sound.SoundLevelProvider;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.node.testing.Wavs;

/** In one JVM: start() returns at once whatever the devices do, health names the stuck ones, close() never waits for them. */
class StuckDeviceRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void start_returns_at_once_health_says_open_timed_out_and_close_takes_well_under_five_seconds() {
        Path dust = Wavs.mkfifo(dir.resolve("dust"));
        Path mic = Wavs.mkfifo(dir.resolve("mic.wav"));
        Path probes = Wavs.mkfifo(dir.resolve("probes.pcap"));
        NodeConfig config = Configs.node("stuck-2", "tcp://127.0.0.1:1", Duration.ofSeconds(1),
                new StreamConfig("dust", "particulates", null, null, null, Map.of("device", dust.toString(), "openTimeout", "1s"), null, null),
                new StreamConfig("mic", "sound-level", null, null, null, Map.of("file", mic.toString(), "openTimeout", "1s"), null, null),
                new StreamConfig("wifi", "wifi-presence", null, null, null, Map.of("source", probes.toString(), "openTimeout", "1s"),
                        Configs.stream("x", "wifi-presence").privacy(), null));
        NodeRuntime runtime = NodeRuntime.builder().config(config).dataDir(dir.resolve("data"))
                .providers(List.of(new ParticulateProviders.Sds011(), new SoundLevelProvider(), new WifiPresenceProvider()))
                .uplink(RecordingUplink::new).build();
        long start = System.nanoTime();
        runtime.start();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("start() waits for no device").isLessThan(Duration.ofSeconds(3));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runtime.health().streams().values().stream()
                    .allMatch(h -> h.state().equals("sensor-absent: open timed out after 1s")));
            assertThat(runtime.health().alarms()).contains("sensor-absent:dust", "sensor-absent:mic", "sensor-absent:wifi");
            long seq = runtime.lastRecordedSeq();
            await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= seq + 6); // windows keep closing
        } finally {
            long closing = System.nanoTime();
            runtime.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
