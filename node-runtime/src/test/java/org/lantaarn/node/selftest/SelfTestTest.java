package org.lantaarn.node.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.selftest.Check.Verdict;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.testkit.MosquittoBroker;

@Tag("integration")
class SelfTestTest {
    @TempDir
    Path dataDir;
    private MosquittoBroker broker;

    @BeforeEach
    void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private List<Check> run(NodeConfig config, String... absentKinds) {
        List<org.lantaarn.node.sensor.SensorDriverProvider> providers = new java.util.ArrayList<>(List.of(
                TestSensors.climate(Duration.ofMillis(100)), TestSensors.motion(Duration.ofHours(1), 1)));
        for (String kind : absentKinds) {
            providers.add(TestSensors.absent(kind));
        }
        // The climate sensor's first reading (after 100 ms) must come within the sensor timeout: 1.5 s was little on a
        // loaded machine for a fresh scheduler thread, a JIT and a GC; a sensor that never answers still fails.
        return SelfTest.builder(config).dataDir(dataDir).providers(providers).sensorTimeout(Duration.ofSeconds(5))
                .clockSync(() -> Optional.of(true)).build().run();
    }

    @Test
    void passes_with_working_sensors_and_a_running_broker() {
        List<Check> checks = run(Configs.node("lp-1", broker.uri(), Duration.ofMinutes(1),
                Configs.stream("air", "test-climate"), Configs.stream("passers", "test-motion")));

        assertThat(checks).extracting(Check::verdict).containsOnly(Verdict.PASS);
        assertThat(checks).extracting(Check::name).containsExactly("sensor air (test-climate/test)", "sensor passers (test-motion/test)",
                "broker " + broker.uri() + " accepts node lp-1", "clock synchronised (NTP)", "clock not behind the outbox",
                "free disk for the outbox");
        assertThat(checks.getFirst().value()).contains("temperature 20.00 Cel").contains("humidity 50.00 %RH");
        assertThat(checks.get(1).value()).startsWith("opened; no events");
        assertThat(SelfTest.passed(checks)).isTrue();
    }

    @Test
    void names_the_broker_line_when_the_broker_is_stopped() {
        broker.stop();
        List<Check> checks = run(Configs.node("lp-1", broker.uri(), Duration.ofMinutes(1), Configs.stream("air", "test-climate")));

        assertThat(SelfTest.passed(checks)).isFalse();
        assertThat(checks).filteredOn(c -> c.verdict() == Verdict.FAIL).singleElement()
                .satisfies(c -> assertThat(c.name()).startsWith("broker "))
                .satisfies(c -> assertThat(c.value()).startsWith("refused or unreachable"));
    }

    @Test
    void names_the_sensor_line_when_a_sensor_is_absent() {
        List<Check> checks = run(Configs.node("lp-1", broker.uri(), Duration.ofMinutes(1),
                Configs.stream("air", "test-climate"), Configs.stream("dust", "particulates")), "particulates");

        assertThat(checks).filteredOn(c -> c.verdict() == Verdict.FAIL).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("sensor dust (particulates/test)"))
                .satisfies(c -> assertThat(c.value()).isEqualTo("sensor-absent: no chip answers at I2C address 0x76"));
    }

    @Test
    void an_unsynchronised_clock_fails_and_an_unknown_one_only_warns() {
        NodeConfig config = Configs.node("lp-1", broker.uri(), Duration.ofMinutes(1), Configs.stream("air", "test-climate"));
        List<Check> unknown = SelfTest.builder(config).dataDir(dataDir).providers(List.of(TestSensors.climate(Duration.ofMillis(100))))
                .clockSync(Optional::empty).build().run();
        assertThat(unknown).filteredOn(c -> c.name().startsWith("clock synchronised")).singleElement()
                .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.WARN));
        assertThat(SelfTest.passed(unknown)).isTrue();

        List<Check> unsynced = SelfTest.builder(config).dataDir(dataDir).providers(List.of(TestSensors.climate(Duration.ofMillis(100))))
                .clockSync(() -> Optional.of(false)).build().run();
        assertThat(SelfTest.passed(unsynced)).isFalse();
    }
}
