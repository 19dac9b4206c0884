package org.lantaarn.node.sensor.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;

/** The BME280 driver against the datasheet's reference case, in a fake register file and through Pi4J's mock I2C. */
class Bme280Test {
    private final ManualClock clock = ManualClock.at("2025-05-01T12:00:00Z");
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final DriverContext context = new DriverContext("node-1", clock, scheduler);
    private final Recording sink = new Recording();
    private Context pi4j;

    @AfterEach
    void shutdownPi4j() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }

    @Test
    void compensation_gives_the_datasheet_reference_temperature_and_pressure() {
        Calibration c = Calibration.parse(Bme280Vectors.block1(), Bme280Vectors.block2());
        int tFine = c.tFine(Bme280Vectors.ADC_T);
        assertThat(tFine).isEqualTo(Bme280Vectors.T_FINE);
        assertThat(Calibration.temperatureCentiCelsius(tFine)).isEqualTo(2508);
        assertThat(c.pressureQ24_8(Bme280Vectors.ADC_P, tFine)).isEqualTo(Bme280Vectors.P_Q24_8);
        assertThat(c.pressureQ24_8(Bme280Vectors.ADC_P, tFine) / 256.0).isCloseTo(Bme280Vectors.P_PA, within(0.02));
    }

    @Test
    void calibration_block_decodes_the_shared_nibbles_of_the_humidity_coefficients() {
        Calibration c = Calibration.parse(Bme280Vectors.block1(), Bme280Vectors.block2());
        assertThat(List.of(c.t1(), c.t2(), c.t3(), c.p1(), c.p6(), c.p9())).containsExactly(27504, 26435, -1000, 36477, -7, 6000);
        assertThat(List.of(c.h1(), c.h2(), c.h3(), c.h4(), c.h5(), c.h6())).containsExactly(75, 362, 0, 313, 50, 30);
        // A negative dig_H4 and dig_H5 (signed 12-bit) survive the nibble packing too.
        byte[] b2 = {0, 0, 0, (byte) 0xF0, (byte) 0x3F, (byte) 0xFE, (byte) 0xF6};
        Calibration neg = Calibration.parse(Bme280Vectors.block1(), b2);
        assertThat(List.of(neg.h4(), neg.h5(), neg.h6())).containsExactly(-256 + 0x0F, -32 + 0x3, -10);
    }

    @Test
    void integer_humidity_agrees_with_the_datasheet_floating_point_formula() {
        Calibration c = Calibration.parse(Bme280Vectors.block1(), Bme280Vectors.block2());
        for (int adcH : new int[] {20000, 25000, Bme280Vectors.ADC_H, 35000, 40000}) {
            double integer = c.humidityQ22_10(adcH, Bme280Vectors.T_FINE) / 1024.0;
            assertThat(integer).as("adc_H %d", adcH).isCloseTo(Bme280Vectors.humidityDouble(adcH, Bme280Vectors.T_FINE), within(0.01));
        }
    }

    @Test
    void driver_reads_the_reference_case_from_a_fake_register_file() throws SensorException {
        FakeRegisters regs = new FakeRegisters().load(Bme280.REG_CHIP_ID, (byte) 0x60)
                .load(Bme280.REG_CALIB1, Bme280Vectors.block1()).load(Bme280.REG_CALIB2, Bme280Vectors.block2())
                .load(Bme280.REG_DATA, Bme280Vectors.data(Bme280Vectors.ADC_T, Bme280Vectors.ADC_P, Bme280Vectors.ADC_H));
        SensorDriver driver = Bme280Provider.open(regs, "in a test", context, Duration.ofSeconds(1));
        driver.start(sink);
        scheduler.advance(Duration.ofMillis(2500));

        assertThat(sink.samples).hasSize(3);
        assertReference(sink.samples.getFirst());
        assertThat(regs.regs[Bme280.REG_CTRL_HUM]).isEqualTo((byte) 1);
        driver.close();
        assertThat(regs.closed).isTrue();
    }

    @Test
    void driver_reads_the_reference_case_through_pi4j_mock_i2c() throws SensorException {
        pi4j = Pi4J.newContextBuilder().add(MockI2CProvider.newInstance()).build();
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id("bme").bus(1).device(0x76).build());
        // Pi4J's mock keeps a queue of bytes per register: a burst read at 0x88 takes 26 bytes from 0x88's queue.
        i2c.writeRegister(Bme280.REG_CHIP_ID, (byte) 0x60);
        i2c.writeRegister(Bme280.REG_CALIB1, Bme280Vectors.block1());
        i2c.writeRegister(Bme280.REG_CALIB2, Bme280Vectors.block2());
        i2c.writeRegister(Bme280.REG_STATUS, (byte) 0);
        i2c.writeRegister(Bme280.REG_DATA, Bme280Vectors.data(Bme280Vectors.ADC_T, Bme280Vectors.ADC_P, Bme280Vectors.ADC_H));

        SensorDriver driver = Bme280Provider.open(Pi4jRegisters.wrap(i2c), "on mock bus 1", context, Duration.ofSeconds(1));
        driver.start(sink);
        scheduler.advance(Duration.ofMillis(500));

        assertThat(sink.samples).hasSize(1);
        assertReference(sink.samples.getFirst());
        // The mock has nothing more to give: the next read is a fault, not a crash, and the driver backs off.
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(sink.faults).hasSize(1).first().asString().contains("read failed");
        driver.close();
    }

    @Test
    void a_wrong_chip_id_refuses_to_start_with_a_clear_message() {
        FakeRegisters bmp280 = new FakeRegisters().load(Bme280.REG_CHIP_ID, (byte) 0x58);
        assertThatThrownBy(() -> Bme280Provider.open(bmp280, "on I2C bus 1 at address 0x76", context, Duration.ofSeconds(1)))
                .isInstanceOf(SensorException.class)
                .hasMessage("the chip on I2C bus 1 at address 0x76 has id 0x58, not a BME280's 0x60 (0x58 is a BMP280, which has no humidity sensor)");
        assertThat(bmp280.closed).isTrue();
    }

    @Test
    void a_bus_without_a_chip_is_reported_as_absent_through_pi4j_mock_i2c() {
        pi4j = Pi4J.newContextBuilder().add(MockI2CProvider.newInstance()).build();
        Bme280Provider provider = new Bme280Provider(() -> pi4j);
        StreamConfig stream = new StreamConfig("air", "climate", "bme280", null, null, Map.of("bus", "1", "address", "0x77"), null, null);
        assertThatThrownBy(() -> provider.open(stream, context))
                .isInstanceOf(SensorException.class)
                .hasMessageStartingWith("no BME280 answers on I2C bus 1 at address 0x77");
    }

    @Test
    void read_errors_are_faults_and_the_driver_backs_off_then_recovers() throws SensorException {
        FakeRegisters regs = new FakeRegisters().load(Bme280.REG_CHIP_ID, (byte) 0x60)
                .load(Bme280.REG_CALIB1, Bme280Vectors.block1()).load(Bme280.REG_CALIB2, Bme280Vectors.block2())
                .load(Bme280.REG_DATA, Bme280Vectors.data(Bme280Vectors.ADC_T, Bme280Vectors.ADC_P, Bme280Vectors.ADC_H));
        SensorDriver driver = Bme280Provider.open(regs, "in a test", context, Duration.ofSeconds(1));
        driver.start(sink);
        regs.failing = true;
        scheduler.advance(Duration.ofSeconds(30));
        // Backoff doubles from 1 s (with jitter, never below the interval): far fewer attempts than 30.
        assertThat(sink.faults).hasSizeBetween(4, 15);
        regs.failing = false;
        scheduler.advance(Duration.ofSeconds(70));
        assertThat(sink.samples).isNotEmpty();
        driver.close();
    }

    @Test
    void readings_outside_the_operating_range_are_faults_not_samples() throws SensorException {
        FakeRegisters regs = new FakeRegisters().load(Bme280.REG_CHIP_ID, (byte) 0x60)
                .load(Bme280.REG_CALIB1, Bme280Vectors.block1()).load(Bme280.REG_CALIB2, Bme280Vectors.block2())
                .load(Bme280.REG_DATA, Bme280Vectors.data(1_000_000, Bme280Vectors.ADC_P, Bme280Vectors.ADC_H));
        SensorDriver driver = Bme280Provider.open(regs, "in a test", context, Duration.ofSeconds(1));
        driver.start(sink);
        scheduler.advance(Duration.ofMillis(500));
        assertThat(sink.samples).isEmpty();
        assertThat(sink.faults).singleElement().asString().startsWith("implausible reading");
        driver.close();
    }

    private static void assertReference(Map<String, Double> s) {
        assertThat(s.get("temperature")).isEqualTo(25.08);
        assertThat(s.get("pressure")).isCloseTo(Bme280Vectors.P_PA, within(0.02));
        assertThat(s.get("humidity")).isCloseTo(Bme280Vectors.humidityDouble(Bme280Vectors.ADC_H, Bme280Vectors.T_FINE), within(0.01));
    }

    static final class Recording implements SampleSink {
        final List<Map<String, Double>> samples = new ArrayList<>();
        final List<String> faults = new ArrayList<>();

        @Override
        public synchronized void sample(Instant at, Map<String, Double> values) {
            samples.add(values);
        }

        @Override
        public synchronized void event(Instant at, String name, long count) {}

        @Override
        public synchronized void fault(Instant at, String reason) {
            faults.add(reason);
        }
    }
}
