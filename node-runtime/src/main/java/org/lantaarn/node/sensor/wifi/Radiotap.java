package org.lantaarn.node.sensor.wifi;

/**
 * Reads the one field Lantaarn needs from a radiotap header: the dBm antenna signal (bit 5 of the first
 * present word), and the Flags field's "bad FCS" bit. Fields follow the present words in bit order, each
 * aligned to its natural alignment counted from the start of the radiotap header, so finding field 5
 * means walking the present bitmask over the fields before it with their sizes and alignments
 * (<a href="https://www.radiotap.org/">radiotap.org</a>, "Defined fields"; the same table as Linux's
 * {@code net/wireless/radiotap.c}). Stateless.
 */
final class Radiotap {
    /** The signal field was not present. */
    static final int NO_SIGNAL = Integer.MIN_VALUE;
    /** The frame failed its FCS check (Flags bit 0x40). */
    static final int BAD_FCS = Integer.MIN_VALUE + 1;
    /** The radiotap header is malformed. */
    static final int MALFORMED = Integer.MIN_VALUE + 2;

    private static final int BIT_FLAGS = 1;
    private static final int BIT_ANTENNA_SIGNAL = 5;
    private static final int FLAG_BAD_FCS = 0x40;
    private static final int BIT_EXT = 31;
    /** Bit 29 (radiotap namespace next) and bit 30 (vendor namespace next) of a present word. */
    private static final int NAMESPACE_BITS = 3 << 29;

    /** Alignment and size in bytes of fields 0..5 of the default radiotap namespace. */
    private static final int[][] FIELDS = {
            {8, 8}, // 0 TSFT: u64 microseconds
            {1, 1}, // 1 Flags: u8
            {1, 1}, // 2 Rate: u8
            {2, 4}, // 3 Channel: u16 frequency, u16 flags
            {2, 2}, // 4 FHSS: u8 hop set, u8 hop pattern (aligned as in Linux's table)
            {1, 1}, // 5 dBm antenna signal: s8
    };

    private Radiotap() {}

    /** The radiotap header length (it_len), or -1 when {@code buf[off..off+len)} cannot hold a radiotap header. */
    static int headerLength(byte[] buf, int off, int len) {
        if (len < 8 || buf[off] != 0) { // it_version must be 0
            return -1;
        }
        int itLen = u16le(buf, off + 2);
        return itLen < 8 || itLen > len ? -1 : itLen;
    }

    /**
     * The dBm antenna signal of the radiotap header at {@code buf[off..off+itLen)}, or {@link #NO_SIGNAL},
     * {@link #BAD_FCS} or {@link #MALFORMED}.
     */
    static int signal(byte[] buf, int off, int itLen) {
        int present = s32le(buf, off + 4);
        // Skip the extended present words: bit 31 of each word says another follows. Bits 29 (the radiotap
        // namespace follows) and 30 (a vendor namespace follows) exclude each other: a word with both is malformed.
        int cursor = 8;
        int word = present;
        while (true) {
            if ((word & NAMESPACE_BITS) == NAMESPACE_BITS) {
                return MALFORMED;
            }
            if ((word >>> BIT_EXT & 1) == 0) {
                break;
            }
            if (cursor + 4 > itLen) {
                return MALFORMED;
            }
            word = s32le(buf, off + cursor);
            cursor += 4;
        }
        int signal = NO_SIGNAL;
        for (int bit = 0; bit <= BIT_ANTENNA_SIGNAL; bit++) {
            if ((present >>> bit & 1) == 0) {
                continue;
            }
            int align = FIELDS[bit][0];
            int size = FIELDS[bit][1];
            cursor = (cursor + align - 1) & -align;
            if (cursor + size > itLen) {
                return MALFORMED;
            }
            if (bit == BIT_FLAGS && (buf[off + cursor] & FLAG_BAD_FCS) != 0) {
                return BAD_FCS;
            }
            if (bit == BIT_ANTENNA_SIGNAL) {
                signal = buf[off + cursor]; // s8
            }
            cursor += size;
        }
        return signal;
    }

    static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static int s32le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
