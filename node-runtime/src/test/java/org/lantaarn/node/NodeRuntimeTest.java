package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.TlsConfig;
import org.lantaarn.config.UplinkConfig;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;
import org.lantaarn.node.testing.RecordingUplink;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamHealth;
import org.lantaarn.protocol.StreamInfo;

class NodeRuntimeTest {
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dataDir;

    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AtomicReference<RecordingUplink> uplink = new AtomicReference<>();
    private NodeRuntime runtime;

    private NodeRuntime start(NodeConfig config, SensorDriverProvider... providers) {
        runtime = NodeRuntime.builder().config(config).dataDir(dataDir).configHash(HASH).clock(clock)
                .scheduler(scheduler).healthInterval(Duration.ofSeconds(10)).providers(List.of(providers))
                .uplink(ctx -> {
                    RecordingUplink u = new RecordingUplink(ctx);
                    uplink.set(u);
                    return u;
                }).build();
        runtime.start();
        return runtime;
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static NodeConfig twoStreams() {
        return Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5),
                Configs.stream("air", "test-climate"), Configs.stream("flow", "test-motion", 5));
    }

    private List<Observation> stored() {
        return messages().stream().filter(Observation.class::isInstance).map(Observation.class::cast).toList();
    }

    private List<org.lantaarn.protocol.Gap> gaps() {
        return messages().stream().filter(org.lantaarn.protocol.Gap.class::isInstance).map(org.lantaarn.protocol.Gap.class::cast).toList();
    }

    private List<Object> messages() {
        JsonCodec codec = new JsonCodec();
        return runtime.uplink() instanceof RecordingUplink u
                ? u.context.outbox().after(0, 1000).stream().map(OutboxRow::payloadBytes).map(codec::decode)
                        .map(d -> (Object) ((Decoded.Accepted) d).message()).toList()
                : List.of();
    }

    @Test
    void a_value_without_a_declared_disclosure_class_is_not_published_and_counts_as_a_fault() {
        start(Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5), Configs.stream("air", "test-climate")),
                TestSensors.undeclaredHumidity(Duration.ofSeconds(1)));

        scheduler.advance(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored().size() == 2 && uplink.get().health.size() == 1);
        assertThat(stored()).allSatisfy(o -> assertThat(o.values()).containsKey("temperature.mean").doesNotContainKeys(
                "humidity.mean", "humidity.min", "humidity.max"));
        org.lantaarn.protocol.StreamHealth h = uplink.get().health.getFirst().streams().get("air");
        // The report at 10 s may be taken before the second window has passed the gate (on the outbox writer's
        // thread), so it counts 3 or 6; once both windows are stored the node's own count is exactly 6.
        assertThat(h.faults()).as("at least the first window's three undeclared values").isIn(3L, 6L);
        assertThat(h.state()).isEqualTo("sensor-fault");
        assertThat(runtime.health().streams().get("air").faults()).as("three undeclared values in each of two windows")
                .isEqualTo(6);
    }

    @Test
    void stores_one_observation_per_stream_and_window_with_increasing_seq() {
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));

        scheduler.advance(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 4);
        List<Observation> obs = stored();
        assertThat(obs).extracting(Observation::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(obs).extracting(Observation::stream).containsExactlyInAnyOrder("air", "flow", "air", "flow");
        List<Observation> air = obs.stream().filter(o -> o.stream().equals("air")).toList();
        assertThat(air.get(0).values()).containsKeys("temperature.mean", "temperature.min", "temperature.max", "humidity.mean", "samples");
        // 1 Hz polls from 1 s on: the first window misses the reading at 0 s, the second is complete.
        assertThat(air.get(0).values().get("samples")).isEqualTo(4.0);
        assertThat(air.get(0).quality().coverage()).isEqualTo(0.8);
        assertThat(air.get(1).values().get("samples")).isEqualTo(5.0);
        assertThat(air.get(1).quality().coverage()).isEqualTo(1.0);
        assertThat(air.get(1).start()).isEqualTo(air.get(0).end());
        List<Observation> flow = obs.stream().filter(o -> o.stream().equals("flow")).toList();
        assertThat(flow.get(0).values()).containsEntry("passes", null); // 4 passes, below k = 5
        assertThat(flow.get(0).quality().flags()).isEmpty();
        assertThat(flow.get(1).values()).containsEntry("passes", 5.0);
        assertThat(flow.get(1).privacy().k()).isEqualTo(5);
        assertThat(uplink.get().outboxChanges.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void small_counts_are_suppressed_before_they_are_stored() {
        start(Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5), Configs.stream("flow", "test-motion", 10)),
                TestSensors.motion(Duration.ofSeconds(1), 1));
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 1);
        Observation flow = stored().getFirst();
        assertThat(flow.values()).containsEntry("passes", null);
        assertThat(flow.privacy().suppressed()).containsExactly("passes");
    }

    @Test
    void a_stream_whose_sensor_is_missing_reports_sensor_absent_and_the_rest_runs() {
        NodeConfig config = Configs.node("node-7", "tcp://127.0.0.1:1", Duration.ofSeconds(5),
                Configs.stream("air", "test-climate"), Configs.stream("flow", "test-motion"), Configs.stream("rain", "rain"));
        start(config, TestSensors.climate(Duration.ofSeconds(1)), TestSensors.absent("test-motion"));

        scheduler.advance(Duration.ofSeconds(5));

        // One observation of the air, and for each absent stream a sensor-absent gap for the window: loud, not silent.
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 3);
        Health h = runtime.health();
        assertThat(h.streams().get("flow").state()).isEqualTo("sensor-absent");
        assertThat(h.streams().get("rain").state()).isEqualTo("sensor-absent");
        assertThat(h.streams().get("air").state()).isEqualTo("ok");
        assertThat(h.alarms()).containsExactlyInAnyOrder("sensor-absent:flow", "sensor-absent:rain");
        assertThat(stored()).extracting(Observation::stream).containsExactly("air");
        assertThat(gaps()).extracting(org.lantaarn.protocol.Gap::stream).containsExactlyInAnyOrder("flow", "rain");
        assertThat(gaps()).allSatisfy(g -> {
            assertThat(g.reason()).isEqualTo("sensor-absent");
            assertThat(g.windows()).isEqualTo(1);
        });
    }

    @Test
    void a_driver_that_misbehaves_does_not_take_the_node_down() {
        SensorDriverProvider nasty = new SensorDriverProvider() {
            @Override
            public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
                return TestSensors.PASSES;
            }

            @Override
            public String sensor() {
                return "test-motion";
            }

            @Override
            public String driver() {
                return "nasty";
            }

            @Override
            public boolean isDefaultForSensor() {
                return true;
            }

            @Override
            public SensorDriver open(StreamConfig stream, DriverContext context) {
                return new SensorDriver() {
                    @Override
                    public SensorDescriptor descriptor() {
                        return TestSensors.MOTION;
                    }

                    @Override
                    public void start(SampleSink sink) {
                        sink.sample(null, null);
                        sink.event(context.clock().instant(), null, 1);
                        throw new IllegalStateException("driver bug in start");
                    }

                    @Override
                    public void close() {
                        throw new IllegalStateException("driver bug in close");
                    }
                };
            }
        };
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), nasty);

        scheduler.advance(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 4);
        StreamHealth flow = runtime.health().streams().get("flow");
        assertThat(flow.state()).isEqualTo("sensor-absent");
        assertThat(flow.faults()).isEqualTo(2);
        assertThat(stored()).extracting(Observation::stream).containsOnly("air");
        assertThat(gaps()).extracting(org.lantaarn.protocol.Gap::reason).containsExactly("sensor-absent", "sensor-absent");
    }

    @Test
    void the_birth_announces_versions_streams_and_their_privacy_manifests() {
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));

        Status birth = uplink.get().birth();

        assertThat(birth.state()).isEqualTo(Status.State.ONLINE);
        assertThat(birth.runtimeVersion()).isEqualTo(NodeRuntime.VERSION).isNotEqualTo("unknown");
        assertThat(birth.configVersion()).isEqualTo(3L);
        assertThat(birth.configHash()).isEqualTo(HASH);
        assertThat(birth.site()).isEqualTo("den-bosch");
        assertThat(birth.location()).isEqualTo(Configs.LOCATION);
        assertThat(birth.streams()).extracting(StreamInfo::id).containsExactly("air", "flow");
        StreamInfo air = birth.streams().get(0);
        assertThat(air.windowSeconds()).isEqualTo(5);
        assertThat(air.privacy().k()).isNull();
        assertThat(air.privacy().measures()).isEqualTo("air temperature and humidity");
        StreamInfo flow = birth.streams().get(1);
        assertThat(flow.privacy().k()).isEqualTo(5);
        assertThat(flow.privacy().personalDataInRawInput()).isTrue();
        assertThat(flow.privacy().keyRotationSeconds()).isNull();
        assertThat(flow.privacy().rawData()).isEqualTo("never stored or sent");
        assertThat(new JsonCodec().decode(new JsonCodec().encode(birth))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void health_is_reported_every_interval_while_connected_and_skipped_while_not() {
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));
        RecordingUplink u = uplink.get();

        scheduler.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> u.health.size() == 1);
        Health h = u.health.getFirst();
        assertThat(h.node()).isEqualTo("node-7");
        assertThat(h.uptimeSeconds()).isEqualTo(10);
        assertThat(h.streams()).containsOnlyKeys("air", "flow");
        assertThat(h.streams().get("air").faults()).isZero();
        assertThat(h.streams().get("air").state()).isEqualTo("ok");

        u.connected = false;
        scheduler.advance(Duration.ofSeconds(10));
        u.connected = true;
        scheduler.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> u.health.size() == 2);
        assertThat(u.health.get(1).uptimeSeconds()).isEqualTo(30);
        // The report was read before the windows ending at 30 s were stored: five windows of two streams.
        assertThat(u.health.get(1).outboxDepth()).isEqualTo(10);
        // The oldest row (window ending at 5 s) was written between 5 s and 10 s on the fake clock.
        assertThat(u.health.get(1).oldestUnconfirmedAgeSeconds()).isBetween(20L, 25L);
    }

    @Test
    void seq_continues_when_the_runtime_starts_again_on_the_same_data_dir() {
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 2);
        runtime.close();

        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));
        assertThat(runtime.lastRecordedSeq()).isEqualTo(2);
        scheduler.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() == 4);
    }

    @Test
    void close_stops_drivers_and_windows_and_closes_the_uplink() {
        start(twoStreams(), TestSensors.climate(Duration.ofSeconds(1)), TestSensors.motion(Duration.ofSeconds(1), 1));
        runtime.close();
        assertThat(uplink.get().closed).isTrue();
        assertThat(scheduler.pending()).isZero();
        runtime.close(); // idempotent
    }

    @Test
    void a_tls_uplink_refuses_to_start_with_a_missing_or_group_readable_private_key() throws Exception {
        var files = new org.lantaarn.testkit.TestPki(dataDir.resolve("pki")).client("node-7");
        java.nio.file.Files.setPosixFilePermissions(files.key(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        NodeConfig readable = new NodeConfig("node-7", "den-bosch", 1, Configs.LOCATION, "p", "l",
                new UplinkConfig("ssl://127.0.0.1:8883", null, new TlsConfig(files.ca(), files.cert(), files.key()), null, null),
                Duration.ofSeconds(5), List.of());
        NodeConfig missing = new NodeConfig("node-7", "den-bosch", 1, Configs.LOCATION, "p", "l",
                new UplinkConfig("ssl://127.0.0.1:8883", null, new TlsConfig(Path.of("ca.pem"), Path.of("c.pem"), Path.of("k.pem")), null, null),
                Duration.ofSeconds(5), List.of());

        NodeRuntime r = NodeRuntime.builder().config(readable).dataDir(dataDir).clock(clock).scheduler(scheduler).providers(List.of()).build();
        assertThatThrownBy(r::start).isInstanceOf(NodeException.class).hasMessageContaining("only 0600 or 0400");
        NodeRuntime m = NodeRuntime.builder().config(missing).dataDir(dataDir.resolve("m")).clock(clock).scheduler(scheduler).providers(List.of()).build();
        assertThatThrownBy(m::start).isInstanceOf(NodeException.class).hasMessageContaining("k.pem does not exist");
    }

    @Test
    void the_builder_requires_config_and_data_dir_and_a_well_formed_hash() {
        assertThatThrownBy(() -> NodeRuntime.builder().dataDir(dataDir).build()).hasMessageContaining("config is required");
        assertThatThrownBy(() -> NodeRuntime.builder().config(twoStreams()).build()).hasMessageContaining("dataDir is required");
        assertThatThrownBy(() -> NodeRuntime.builder().configHash("not-a-hash")).hasMessageContaining("64 lower-case hex");
    }
}
