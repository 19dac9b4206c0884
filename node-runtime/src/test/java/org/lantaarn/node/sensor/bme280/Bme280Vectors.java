package org.lantaarn.node.sensor.bme280;

/**
 * The reference case for the compensation. Temperature and pressure: the worked example of the Bosch
 * BMP280 datasheet (BST-BMP280-DS001, section 3.12 "Calculating pressure and temperature", the table
 * of example values): dig_T1..T3 = 27504, 26435, −1000; dig_P1..P9 = 36477, −10685, 3024, 2855, 140, −7,
 * 15500, −14600, 6000; adc_T = 519888 → t_fine = 128422, T = 25.08 °C; adc_P = 415148 → p = 100653.27 Pa
 * (the example prints the 64-bit integer result as 25767236; executing the published 64-bit formula gives
 * 25767233, 0.012 Pa less, a difference other implementers report too, so the tests pin 25767233 and check
 * the pascals against 100653.27 within 0.02 Pa). The BME280 shares these registers and formulas (BST-BME280-DS002,
 * section 4.2.3). Humidity: Bosch publishes no worked example for it, so the humidity calibration below is
 * a typical one of a real part (dig_H1..H6 = 75, 362, 0, 313, 50, 30) and the integer result is checked
 * against the datasheet's independent double-precision formula (BST-BME280-DS002, section 8.1).
 */
final class Bme280Vectors {
    private Bme280Vectors() {}

    static final int[] TP = {27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000};
    static final int H1 = 75, H2 = 362, H3 = 0, H4 = 313, H5 = 50, H6 = 30;
    static final int ADC_T = 519888;
    static final int ADC_P = 415148;
    static final int ADC_H = 30000;
    static final int T_FINE = 128422;
    static final long P_Q24_8 = 25767233;
    static final double P_PA = 100653.27;

    /** Registers 0x88..0xA1 as the chip stores them (little-endian words, 0xA0 unused, 0xA1 = dig_H1). */
    static byte[] block1() {
        byte[] b = new byte[26];
        for (int i = 0; i < TP.length; i++) {
            b[2 * i] = (byte) TP[i];
            b[2 * i + 1] = (byte) (TP[i] >> 8);
        }
        b[25] = (byte) H1;
        return b;
    }

    /** Registers 0xE1..0xE7: dig_H2 (LE), dig_H3, dig_H4 and dig_H5 sharing 0xE5's nibbles, dig_H6. */
    static byte[] block2() {
        return new byte[] {(byte) H2, (byte) (H2 >> 8), (byte) H3, (byte) (H4 >> 4), (byte) ((H4 & 0x0F) | ((H5 & 0x0F) << 4)),
                (byte) (H5 >> 4), (byte) H6};
    }

    /** Registers 0xF7..0xFE: press msb/lsb/xlsb, temp msb/lsb/xlsb, hum msb/lsb. */
    static byte[] data(int adcT, int adcP, int adcH) {
        return new byte[] {(byte) (adcP >> 12), (byte) (adcP >> 4), (byte) ((adcP & 0x0F) << 4),
                (byte) (adcT >> 12), (byte) (adcT >> 4), (byte) ((adcT & 0x0F) << 4), (byte) (adcH >> 8), (byte) adcH};
    }

    /** The datasheet's floating-point humidity formula (section 8.1), to check the integer one against. */
    static double humidityDouble(int adcH, int tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (H4 * 64.0 + H5 / 16384.0 * h)) * (H2 / 65536.0 * (1.0 + H6 / 67108864.0 * h * (1.0 + H3 / 67108864.0 * h)));
        h = h * (1.0 - H1 * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }
}
