package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.PublishedWorld;

/**
 * Neighbouring worlds for Wi-Fi presence: two captures that differ by one device's probe requests, in a window where
 * the others are fewer than k, run through the real node (pcap parser, keyed tokens, windows, guard, gate, SQLite
 * outbox, health, birth). Everything the node publishes must be byte-identical once {@code seq} and the send time are
 * removed: nothing it sends can tell whether that one person was there. With noise configured too.
 */
class WifiNeighbouringWorldsTest {
    private static final Instant T = Instant.parse("2026-07-21T10:00:05Z");

    @TempDir
    Path dir;

    private static byte[] address(int i) {
        return new byte[] {0x02, 0x11, 0x22, 0x33, 0x44, (byte) i}; // locally administered: a randomised address
    }

    /** {@code devices} devices, device i sending i + 2 probe requests from second 5 + i of the first window. */
    private static byte[] capture(int devices, int extraProbes) {
        Captures c = new Captures();
        for (int i = 0; i < devices; i++) {
            int probes = i + 2 + (i == devices - 1 ? extraProbes : 0);
            for (int p = 0; p < probes; p++) {
                c.probe(T.plusSeconds(i).plusMillis(100L * p), address(i), -50);
            }
        }
        return c.bytes();
    }

    private List<String> world(String name, byte[] capture) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        SensorDriverProvider provider = new SensorDriverProvider() {
            // no @Override: the same test compiles against a runtime without disclosure declarations
            public Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
                return new WifiPresenceProvider().disclosures();
            }

            @Override
            public String sensor() {
                return "wifi-presence";
            }

            @Override
            public String driver() {
                return "pcap";
            }

            @Override
            public boolean isDefaultForSensor() {
                return true;
            }

            @Override
            public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
                return WifiPresenceProvider.openOn(stream, context, () -> new EndSignalling(new ByteArrayInputStream(capture), ended));
            }
        };
        StreamConfig wifi = new StreamConfig("wifi", "wifi-presence", null, null, null, Map.of("timestamps", "capture"),
                new PrivacyConfig(5, 1.0, Duration.ofMinutes(60)), null);
        try (PublishedWorld w = new PublishedWorld(ManualClock.at("2026-07-21T10:00:00.500Z"),
                Configs.node("node-w", "tcp://127.0.0.1:1", Duration.ofMinutes(1), wifi), dir.resolve(name), List.of(provider))) {
            org.lantaarn.node.NodeRuntime runtime = w.start();
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("the capture was read to its end").isTrue();
            // ... and the reader has said so, before the first window closes, in both worlds alike
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> "source-ended".equals(runtime.health().streams().get("wifi").state()));
            w.runMinutes(3);
            return w.published();
        }
    }

    @Test
    void one_more_device_among_fewer_than_k_changes_no_published_byte() throws Exception {
        List<String> without = world("three", capture(3, 0));
        List<String> with = world("four", capture(4, 0));
        assertThat(with).hasSize(1 + 3 + 3); // birth, three windows, three health reports
        assertThat(with).containsExactlyElementsOf(without);
    }

    @Test
    void one_device_that_probes_a_hundred_times_changes_no_published_byte_either() throws Exception {
        List<String> without = world("quiet", capture(2, 0));
        List<String> with = world("chatty", capture(3, 100));
        assertThat(with).containsExactlyElementsOf(without);
    }

    /** Counts down when the reader reaches the end of the capture: every frame before it has been handled. */
    private static final class EndSignalling extends FilterInputStream {
        private final CountDownLatch ended;

        EndSignalling(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended.countDown();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                ended.countDown();
            }
            return n;
        }
    }
}
