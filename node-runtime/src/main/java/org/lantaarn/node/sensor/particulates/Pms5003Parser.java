package org.lantaarn.node.sensor.particulates;

import java.util.function.Consumer;

/**
 * Plantower PMS5003 frames (PMS5003 data manual, "Appendix I: transport protocol, active mode"): 32 bytes,
 * {@code 42 4D}, frame length 28 (big-endian), thirteen big-endian data words, and a big-endian check code
 * that is the 16-bit sum of every byte before it. The readings are data words 5 and 6, PM2.5 and PM10 under
 * atmospheric environment (the ambient values; words 2 and 3 are for "standard particle", CF=1). Not thread-safe.
 */
public final class Pms5003Parser extends FrameParser {
    public static final int FRAME_LENGTH = 32;
    static final int LENGTH_FIELD = 28;

    public Pms5003Parser(Consumer<PmReading> out) {
        super(0x42, 0x4D, FRAME_LENGTH, out);
    }

    @Override
    protected boolean prefixPlausible(byte[] f, int len) {
        return len < 4 || u16be(f, 2) == LENGTH_FIELD;
    }

    /**
     * Data words 1 to 12 (the six concentrations and the six particle counts) all zero: the sensor sends such frames
     * for its first seconds after power-on or a wake from sleep, before the fan is up to speed (the data manual
     * asks for 30 s before data are stable). Clean air still has particles of 0.3 µm, so a real frame is never all zero.
     */
    @Override
    protected boolean isWarmUp(byte[] f) {
        for (int i = 4; i < 28; i++) {
            if (f[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected PmReading decode(byte[] f) {
        int sum = 0;
        for (int i = 0; i < 30; i++) {
            sum += f[i] & 0xFF;
        }
        if ((sum & 0xFFFF) != u16be(f, 30)) {
            return null;
        }
        return new PmReading(u16be(f, 12), u16be(f, 14));
    }
}
