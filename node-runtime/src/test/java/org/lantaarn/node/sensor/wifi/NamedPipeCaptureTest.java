package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDriver;

/** The capture source as tcpdump feeds it on a node: a named pipe whose writer may come and go. */
class NamedPipeCaptureTest {
    @Test
    void reads_probe_requests_from_a_named_pipe_and_releases_it_when_closed(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("probes.pcap");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        SampleSink sink = new SampleSink() {
            @Override
            public void sample(Instant at, Map<String, Double> values) {}

            @Override
            public void event(Instant at, String name, long count) {}

            @Override
            public void fault(Instant at, String reason) {}

            @Override
            public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
                tokens.add(token);
            }
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        StreamConfig stream = new StreamConfig("wifi", "wifi-presence", null, null, null, Map.of("source", fifo.toString()), null, null);
        SensorDriver driver = new WifiPresenceProvider().open(stream, new DriverContext("n1", Clock.systemUTC(), scheduler));
        try {
            driver.start(sink);
            Instant t = Instant.now();
            Captures c = new Captures();
            for (int i = 0; i < 50; i++) {
                c.probe(t, new byte[] {0x02, 0, 0, 0, 0, (byte) i}, -40);
            }
            try (OutputStream out = Files.newOutputStream(fifo)) { // blocks until the driver has opened the pipe
                out.write(c.bytes());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> tokens.size() == 50);
        } finally {
            driver.close(); // the reader waits in open() for the next writer; closing must release it
            scheduler.shutdownNow();
        }
        Thread reader = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().equals("lantaarn-wifi-n1-wifi")).findFirst().orElse(null);
        if (reader != null) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !reader.isAlive());
        }
    }
}
