package org.lantaarn.node.sensor.particulates;

import java.util.function.Consumer;

/**
 * Nova Fitness SDS011 data frames (laser dust sensor control protocol V1.3): 10 bytes
 * {@code AA C0 PM25lo PM25hi PM10lo PM10hi ID1 ID2 CS AB}, where {@code CS} is the sum of the six data
 * bytes (2..7) modulo 256 and the values are tenths of µg/m³, little-endian. Not thread-safe.
 */
public final class Sds011Parser extends FrameParser {
    public static final int FRAME_LENGTH = 10;

    public Sds011Parser(Consumer<PmReading> out) {
        super(0xAA, 0xC0, FRAME_LENGTH, out);
    }

    /** PM2.5 and PM10 both zero: the fan is still spinning up (after power-on or a wake from sleep). */
    @Override
    protected boolean isWarmUp(byte[] f) {
        return f[2] == 0 && f[3] == 0 && f[4] == 0 && f[5] == 0;
    }

    @Override
    protected PmReading decode(byte[] f) {
        if ((f[9] & 0xFF) != 0xAB) {
            return null;
        }
        int sum = 0;
        for (int i = 2; i <= 7; i++) {
            sum += f[i] & 0xFF;
        }
        if ((sum & 0xFF) != (f[8] & 0xFF)) {
            return null;
        }
        return new PmReading(u16le(f, 2) / 10.0, u16le(f, 4) / 10.0);
    }
}
