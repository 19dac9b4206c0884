package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.sensor.wifi.Captures;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.slf4j.LoggerFactory;

/**
 * A capture the node cannot use says so in the window's quality flags, in health and in the log at WARN (the
 * launcher hides INFO): an unsupported link type, and an old capture replayed with {@code timestamps: capture}.
 */
class CaptureFaultsNodeTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private NodeRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        root.detachAppender(log);
    }

    @Test
    void an_unsupported_link_type_and_a_late_record_flood_are_precise_faults_in_flags_health_and_the_warn_log() throws Exception {
        log.start();
        root.addAppender(log);
        ByteBuffer plain = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        plain.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(105);
        Path plain80211 = Files.write(dir.resolve("plain.pcap"), plain.array());
        Captures old = new Captures();
        for (int i = 0; i < 30; i++) {
            old.probe(Instant.parse("2024-03-01T09:00:00Z").plusSeconds(i), new byte[] {0x02, 0, 0, 0, 0, (byte) i}, -40);
        }
        Path replay = Files.write(dir.resolve("old.pcap"), old.bytes());
        PrivacyConfig privacy = Configs.stream("x", "wifi-presence").privacy();
        NodeConfig config = Configs.node("faults-1", "tcp://127.0.0.1:1", Duration.ofSeconds(5),
                new StreamConfig("plain", "wifi-presence", null, null, null, Map.of("source", plain80211.toString()), privacy, null),
                new StreamConfig("old", "wifi-presence", null, null, null, Map.of("source", replay.toString(), "timestamps", "capture"), privacy, null));
        runtime = NodeRuntime.builder().config(config).dataDir(dir.resolve("data")).clock(clock).scheduler(scheduler)
                .providers(List.of(new WifiPresenceProvider())).uplink(RecordingUplink::new).build();
        runtime.start();
        // Both captures have been read to their end before the first window closes.
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.health().streams().get("plain").state().startsWith("capture-unreadable")
                && runtime.health().streams().get("old").state().equals("source-ended"));
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= 2);

        String unreadable = "capture-unreadable: unsupported link type 105 (IEEE 802.11 without radiotap headers: no signal strength); "
                + "capture with radiotap headers, link type 127";
        assertThat(flags("plain")).contains(unreadable);
        assertThat(runtime.health().streams().get("plain").state()).isEqualTo(unreadable);
        assertThat(flags("old")).contains("late-records: dropped, stamped before the open window");
        assertThat(runtime.health().streams().get("old").state()).isEqualTo("late-records: dropped, stamped before the open window");
        assertThat(runtime.health().alarms()).contains("capture-unreadable:plain", "late-records:old");
        assertThat(logLines()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains(unreadable)).anyMatch(m -> m.contains("late-records: dropped"));

        // The next window has no late records: health shows the capture's end again.
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= 4);
        assertThat(runtime.health().streams().get("old").state()).isEqualTo("source-ended");
    }

    /**
     * A copy of the lines logged so far, taken under the appender's lock: the runtime's threads keep logging into its
     * plain list while the test reads it (a ConcurrentModificationException otherwise).
     */
    private List<ILoggingEvent> logLines() {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }

    private List<String> flags(String stream) {
        JsonCodec codec = new JsonCodec();
        RecordingUplink u = (RecordingUplink) runtime.uplink();
        return u.context.outbox().after(0, 1000).stream().map(OutboxRow::payloadBytes).map(codec::decode)
                .map(d -> ((Decoded.Accepted) d).message()).filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.stream().equals(stream)).flatMap(o -> o.quality().flags().stream()).toList();
    }
}
