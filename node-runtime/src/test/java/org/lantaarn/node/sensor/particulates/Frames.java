package org.lantaarn.node.sensor.particulates;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Golden frames and frame builders for the particulate parsers. */
final class Frames {
    private Frames() {}

    /**
     * The example data frame of the Nova Fitness "Laser Dust Sensor Control Protocol V1.3": PM2.5 = 0x04D4 / 10 =
     * 123.6 µg/m³, PM10 = 0x0A3A / 10 = 261.8 µg/m³, device id A1 60, checksum 0x1D.
     */
    static final byte[] SDS011_GOLDEN = HexFormat.of().parseHex("aac0d4043a0aa1601dab");

    /** An SDS011 frame with the given tenths of µg/m³ and a correct checksum. */
    static byte[] sds011(int pm25Tenths, int pm10Tenths) {
        byte[] f = {(byte) 0xAA, (byte) 0xC0, (byte) pm25Tenths, (byte) (pm25Tenths >> 8), (byte) pm10Tenths, (byte) (pm10Tenths >> 8),
                0x12, 0x34, 0, (byte) 0xAB};
        int sum = 0;
        for (int i = 2; i <= 7; i++) {
            sum += f[i] & 0xFF;
        }
        f[8] = (byte) sum;
        return f;
    }

    /**
     * A PMS5003 active-mode frame built field by field from the Plantower PMS5003 data manual (appendix I):
     * 42 4D, length 28, data 1..13 (PM1.0/PM2.5/PM10 CF=1, then PM1.0/PM2.5/PM10 atmospheric, six particle
     * counts, reserved), check code = sum of bytes 0..29.
     */
    static byte[] pms5003(int pm25Atm, int pm10Atm) {
        int[] words = {28, 9, pm25Atm + 2, pm10Atm + 3, 8, pm25Atm, pm10Atm, 1800, 520, 90, 12, 3, 1, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x42);
        out.write(0x4D);
        for (int w : words) {
            out.write(w >> 8);
            out.write(w);
        }
        return withPms5003CheckCode(java.util.Arrays.copyOf(out.toByteArray(), 32));
    }

    /** Sets a 32-byte PMS5003 frame's check code (bytes 30..31) to the sum of its bytes 0..29, and returns it. */
    static byte[] withPms5003CheckCode(byte[] f) {
        int sum = 0;
        for (int i = 0; i < 30; i++) {
            sum += f[i] & 0xFF;
        }
        f[30] = (byte) (sum >> 8);
        f[31] = (byte) sum;
        return f;
    }

    /** The same frame built by hand from the manual, PM2.5 = 35 and PM10 = 51 µg/m³ (atmospheric), as hex. */
    static final byte[] PMS5003_GOLDEN = HexFormat.of().parseHex(
            "424d001c" + "0009" + "0025" + "0036" + "0008" + "0023" + "0033" + "0708" + "0208" + "005a" + "000c" + "0003" + "0001" + "0000"
                    + "01f0");

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
