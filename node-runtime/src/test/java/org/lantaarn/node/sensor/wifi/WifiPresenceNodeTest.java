package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.PrivacyManifest;

/** The wifi-presence driver inside a node runtime, with a manual clock: from a pcap file to stored observations. */
class WifiPresenceNodeTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-07-21T10:00:00.500Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AtomicReference<RecordingUplink> uplink = new AtomicReference<>();
    private NodeRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static byte[] address(int i, boolean randomised) {
        return new byte[] {(byte) (randomised ? 0x02 : 0x00), 0x11, 0x22, 0x33, 0x44, (byte) i};
    }

    private NodeRuntime start(byte[] capture, int k, String schedule) throws Exception {
        Path pcap = dir.resolve("capture.pcap");
        Files.write(pcap, capture);
        StreamConfig wifi = new StreamConfig("wifi", "wifi-presence", null, null, null,
                Map.of("source", pcap.toString(), "timestamps", "capture"),
                new PrivacyConfig(k, null, Duration.ofMinutes(60)), schedule);
        runtime = NodeRuntime.builder().config(Configs.node("node-w", "tcp://127.0.0.1:1", Duration.ofSeconds(10), wifi))
                .dataDir(dir.resolve("data")).clock(clock).scheduler(scheduler).providers(List.of(new WifiPresenceProvider()))
                .uplink(ctx -> {
                    RecordingUplink u = new RecordingUplink(ctx);
                    uplink.set(u);
                    return u;
                }).build();
        runtime.start();
        return runtime;
    }

    private List<Observation> stored() {
        JsonCodec codec = new JsonCodec();
        return uplink.get().context.outbox().after(0, 1000).stream().map(OutboxRow::payloadBytes).map(codec::decode)
                .map(d -> (Observation) ((Decoded.Accepted) d).message()).toList();
    }

    @Test
    void a_window_with_three_devices_publishes_its_whole_group_as_null_probes_included_when_k_is_five() throws Exception {
        Instant t = Instant.parse("2026-07-21T10:00:02Z");
        Captures c = new Captures();
        for (int i = 0; i < 3; i++) {
            c.probe(t, address(i, true), -50).probe(t.plusSeconds(1), address(i, true), -50);
        }
        c.probe(t, address(9, false), -90); // weaker than rssiMin -75: dropped, not a device
        start(c.bytes(), 5, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.delivered("wifi") >= 6);

        scheduler.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> !stored().isEmpty());

        Observation o = stored().getFirst();
        assertThat(o.values()).containsEntry(PresenceAccumulator.DEVICES, null)
                .containsEntry(PresenceAccumulator.RANDOMISED, null)
                .containsEntry(PresenceAccumulator.GLOBAL, null) // suppressed with its group, so nothing can be subtracted
                .containsEntry(PresenceAccumulator.PROBES, null) // probes come from the same three people
                .containsEntry(PresenceAccumulator.DWELL_LT_5M, null);
        assertThat(o.values().values()).containsOnlyNulls();
        assertThat(o.privacy().k()).isEqualTo(5);
        assertThat(o.privacy().clip()).isEqualTo(10);
        assertThat(o.privacy().suppressed()).containsExactlyElementsOf(o.values().keySet());
        // the key epoch is named by its clock-aligned start, which does not depend on who was seen
        assertThat(o.privacy().keyEpochStart()).isEqualTo(Instant.parse("2026-07-21T10:00:00Z"));
    }

    @Test
    void the_birth_announces_the_streams_privacy_manifest_with_key_rotation() throws Exception {
        start(new Captures().bytes(), 5, null);
        PrivacyManifest m = uplink.get().context.birth().get().streams().getFirst().privacy();
        assertThat(m.personalDataInRawInput()).isTrue();
        assertThat(m.k()).isEqualTo(5);
        assertThat(m.keyRotationSeconds()).isEqualTo(3600);
        assertThat(m.measures()).contains("keyed tokens").contains("every 1h");
        assertThat(m.rawData()).isEqualTo("never stored or sent");
        assertThat(m.disclosures()).hasSize(8).containsEntry("devices", "person").containsEntry("probes", "person");
        assertThat(m.clip()).isEqualTo(10);
    }

    @Test
    void outside_its_schedule_the_capture_is_not_opened_and_nothing_is_read() throws Exception {
        Instant t = Instant.parse("2026-07-21T10:00:02Z");
        Captures c = new Captures();
        for (int i = 0; i < 20; i++) {
            c.probe(t, address(i, false), -40);
        }
        start(c.bytes(), 5, "2026-07-22..2026-07-24"); // the event starts tomorrow
        scheduler.advance(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored().size() >= 2);

        assertThat(runtime.delivered("wifi")).isZero();
        assertThat(stored()).allSatisfy(o -> {
            assertThat(o.values()).containsEntry(PresenceAccumulator.DEVICES, null); // zero is below k too
            assertThat(o.quality().flags()).contains("outside-schedule");
        });
    }
}
