package org.lantaarn.sim.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.cli.NodeCli;
import org.lantaarn.testkit.MosquittoBroker;
import picocli.CommandLine;

/**
 * {@code lantaarn-node selftest} as the technician runs it: the drivers come from {@link java.util.ServiceLoader}
 * (the simulated ones of this module, and the real hardware drivers of the node runtime), the broker is a real
 * Mosquitto.
 */
@Tag("integration")
class SelfTestCommandTest {
    @TempDir
    Path dir;
    private MosquittoBroker broker;

    @BeforeEach
    void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private Path config(String extraStream) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                schema: lantaarn.config/1
                node: lp-selftest
                site: centre
                version: 1
                location: {lat: 51.69, lon: 5.30}
                purpose: test the node on the ladder
                legalGround: public task
                uplink: {broker: "%s"}
                streams:
                  - {id: air, sensor: climate, driver: simulated, interval: 200ms, settings: {faultRate: 0}}
                  - {id: dust, sensor: particulates, driver: simulated, interval: 200ms, settings: {faultRate: 0}}
                  - {id: passers, sensor: motion, driver: simulated}
                %s""".formatted(broker.uri(), extraStream));
        return file;
    }

    private record Run(int exit, String out) {}

    private Run selftest(Path config, String... more) {
        StringWriter out = new StringWriter();
        CommandLine cl = NodeCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        String[] args = new String[4 + more.length];
        args[0] = "selftest";
        args[1] = "--config=" + config;
        args[2] = "--data-dir=" + dir.resolve("data");
        args[3] = "--sensor-timeout=3";
        System.arraycopy(more, 0, args, 4, more.length);
        return new Run(cl.execute(args), out.toString());
    }

    @Test
    void passes_against_simulated_sensors_and_a_running_broker() throws IOException {
        Run r = selftest(config(""));

        assertThat(r.out()).contains("PASS  sensor air (climate/simulated): humidity")
                .contains("PASS  sensor dust (particulates/simulated): pm10")
                .contains("PASS  sensor passers (motion/simulated)")
                .contains("PASS  broker " + broker.uri() + " accepts node lp-selftest: connected")
                .contains("PASS  free disk for the outbox")
                .contains("PASSED: every check passed.");
        assertThat(r.exit()).isZero();
    }

    @Test
    void with_the_broker_stopped_names_the_broker_line_and_exits_non_zero() throws IOException {
        broker.stop();
        Run r = selftest(config(""), "--json");

        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("checks")).filteredOn(c -> c.get("verdict").asText().equals("FAIL")).singleElement()
                .satisfies(c -> assertThat(c.get("check").asText()).isEqualTo("broker " + broker.uri() + " accepts node lp-selftest"));
        assertThat(r.exit()).isEqualTo(3);
    }

    @Test
    void with_one_sensor_absent_names_its_line_and_exits_non_zero() throws IOException {
        // No BME280 on this machine: the real driver's bus does not open.
        Run r = selftest(config("  - {id: air2, sensor: climate, driver: bme280, settings: {bus: 1, address: 0x76}}\n"));

        assertThat(r.out()).containsPattern("FAIL  sensor air2 \\(climate/bme280\\): sensor-absent: no BME280 on I2C bus 1 at address 0x76")
                .contains("FAILED: 1 of 8 checks failed.");
        assertThat(r.exit()).isEqualTo(3);
    }
}
