package org.lantaarn.node.sensor.bme280;

import java.io.IOException;
import org.lantaarn.node.sensor.SensorException;

/**
 * One BME280 chip behind a {@link RegisterDevice}: checks the chip id, reads the calibration, and takes
 * forced-mode measurements (oversampling ×1 for temperature, pressure and humidity, IIR filter off, the
 * datasheet's "weather monitoring" setting). A measurement is two steps, {@link #trigger()} and, at least
 * {@link #MEASUREMENT_MILLIS} later, {@link #read()}, so that nobody waits on a thread. Not thread-safe.
 */
public final class Bme280 {
    public static final int REG_CHIP_ID = 0xD0;
    public static final int CHIP_ID = 0x60;
    public static final int REG_CALIB1 = 0x88;
    public static final int REG_CALIB2 = 0xE1;
    public static final int REG_CTRL_HUM = 0xF2;
    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;
    public static final int REG_DATA = 0xF7;
    /** osrs_t ×1, osrs_p ×1, forced mode. */
    static final int CTRL_MEAS_FORCED = (0b001 << 5) | (0b001 << 2) | 0b01;
    /** Longest measurement time with every oversampling at ×1 (datasheet section 9.1: 9.3 ms), rounded up. */
    public static final long MEASUREMENT_MILLIS = 12;
    /** The value a data register holds when the measurement was skipped or never ran. */
    static final int SKIPPED_20BIT = 0x80000;
    static final int SKIPPED_16BIT = 0x8000;

    private final RegisterDevice device;
    private final Calibration calibration;

    private Bme280(RegisterDevice device, Calibration calibration) {
        this.device = device;
        this.calibration = calibration;
    }

    /**
     * Checks the chip id and reads the calibration.
     *
     * @throws SensorException when the chip does not answer or is not a BME280 (the message says what answered)
     */
    public static Bme280 open(RegisterDevice device, String where) throws SensorException {
        int id;
        try {
            id = device.read(REG_CHIP_ID);
        } catch (IOException e) {
            throw new SensorException("no BME280 answers " + where + ": " + e.getMessage(), e);
        }
        if (id != CHIP_ID) {
            String hint = id == 0x58 ? " (0x58 is a BMP280, which has no humidity sensor)" : id == 0x61 ? " (0x61 is a BME680)" : "";
            throw new SensorException(String.format("the chip %s has id 0x%02X, not a BME280's 0x60%s", where, id, hint));
        }
        try {
            byte[] b1 = new byte[Calibration.BLOCK1_LENGTH];
            device.read(REG_CALIB1, b1);
            byte[] b2 = new byte[Calibration.BLOCK2_LENGTH];
            device.read(REG_CALIB2, b2);
            device.write(REG_CTRL_HUM, 0b001);   // humidity oversampling ×1; takes effect with the next ctrl_meas write
            device.write(REG_CONFIG, 0);         // standby irrelevant in forced mode, filter off
            return new Bme280(device, Calibration.parse(b1, b2));
        } catch (IOException e) {
            throw new SensorException("BME280 " + where + " did not give its calibration: " + e.getMessage(), e);
        }
    }

    public Calibration calibration() {
        return calibration;
    }

    /** Starts one forced-mode measurement. */
    public void trigger() throws IOException {
        device.write(REG_CTRL_MEAS, CTRL_MEAS_FORCED);
    }

    /** Reads the finished measurement, compensated. */
    public Calibration.Reading read() throws IOException {
        if ((device.read(REG_STATUS) & 0b1000) != 0) {
            throw new IOException("BME280 still measuring");
        }
        byte[] d = new byte[8];
        device.read(REG_DATA, d);
        int adcP = ((d[0] & 0xFF) << 12) | ((d[1] & 0xFF) << 4) | ((d[2] & 0xFF) >> 4);
        int adcT = ((d[3] & 0xFF) << 12) | ((d[4] & 0xFF) << 4) | ((d[5] & 0xFF) >> 4);
        int adcH = ((d[6] & 0xFF) << 8) | (d[7] & 0xFF);
        if (adcT == SKIPPED_20BIT || adcP == SKIPPED_20BIT || adcH == SKIPPED_16BIT) {
            throw new IOException("BME280 returned its reset value: no measurement");
        }
        return calibration.compensate(adcT, adcP, adcH);
    }

    public void close() {
        device.close();
    }
}
