package org.lantaarn.node.sensor.bme280;

/**
 * The BME280's factory calibration (registers 0x88..0xA1 and 0xE1..0xE7) and the datasheet's integer
 * compensation (Bosch BST-BME280-DS002, section 4.2.3): temperature first, because its {@code t_fine}
 * feeds the pressure and humidity formulas. Immutable.
 */
public record Calibration(
        int t1, int t2, int t3,
        int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
        int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Length of the first calibration block, read from 0x88 (its last byte, 0xA1, is dig_H1). */
    public static final int BLOCK1_LENGTH = 26;
    /** Length of the second calibration block, read from 0xE1. */
    public static final int BLOCK2_LENGTH = 7;

    /** Decodes the two calibration blocks as laid out in the datasheet's table 16. */
    public static Calibration parse(byte[] b1, byte[] b2) {
        if (b1.length != BLOCK1_LENGTH || b2.length != BLOCK2_LENGTH) {
            throw new IllegalArgumentException("calibration blocks must be 26 and 7 bytes: " + b1.length + ", " + b2.length);
        }
        return new Calibration(
                u16(b1, 0), s16(b1, 2), s16(b1, 4),
                u16(b1, 6), s16(b1, 8), s16(b1, 10), s16(b1, 12), s16(b1, 14), s16(b1, 16), s16(b1, 18), s16(b1, 20), s16(b1, 22),
                b1[25] & 0xFF,
                s16(b2, 0),
                b2[2] & 0xFF,
                (b2[3] << 4) | (b2[4] & 0x0F),          // E4 is signed: bits 11..4, E5 bits 3..0
                (b2[5] << 4) | ((b2[4] & 0xFF) >> 4),   // E6 is signed: bits 11..4, E5 bits 7..4
                b2[6]);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }

    /** {@code t_fine}, the fine temperature every other formula needs. */
    public int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int d = (adcT >> 4) - t1;
        int var2 = (((d * d) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C ("5123" is 51.23 °C). */
    public static int temperatureCentiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as unsigned Q24.8 (the datasheet's 64-bit formula); 0 when the calibration would divide by zero. */
    public long pressureQ24_8(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * p6;
        var2 = var2 + ((var1 * p5) << 17);
        var2 = var2 + ((long) p4 << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = ((1L << 47) + var1) * p1 >> 33;
        if (var1 == 0) {
            return 0;
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = ((long) p9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = ((long) p8 * p) >> 19;
        return ((p + var1 + var2) >> 8) + ((long) p7 << 4);
    }

    /** Relative humidity in %RH as unsigned Q22.10 ("47445" is 46.333 %RH). */
    public int humidityQ22_10(int adcH, int tFine) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = Math.max(0, Math.min(419430400, v));
        return v >> 12;
    }

    /** One compensated reading: °C, Pa, %RH. */
    public Reading compensate(int adcT, int adcP, int adcH) {
        int tFine = tFine(adcT);
        return new Reading(temperatureCentiCelsius(tFine) / 100.0, pressureQ24_8(adcP, tFine) / 256.0,
                humidityQ22_10(adcH, tFine) / 1024.0);
    }

    /** A compensated reading. */
    public record Reading(double temperature, double pressure, double humidity) {}
}
