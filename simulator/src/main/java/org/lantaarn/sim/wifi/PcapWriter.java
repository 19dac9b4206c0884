package org.lantaarn.sim.wifi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a pcap stream (little-endian, microsecond timestamps, link type 127) of probe requests, each with a
 * radiotap header carrying Flags, Channel (2437 MHz) and the dBm antenna signal, and an 802.11 probe request
 * with a wildcard SSID and a sequence number, like a phone's. Not thread-safe.
 */
public final class PcapWriter {
    /** Bytes of the global header. */
    public static final int HEADER = 24;
    /** Bytes of one probe request record: 16 record header + 15 radiotap + 32 frame. */
    public static final int RECORD = 16 + 15 + 32;

    private PcapWriter() {}

    /** The global header. */
    public static byte[] header() {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(127);
        return h.array();
    }

    /** Writes one probe request record into {@code out} at its position. */
    public static void probe(ByteBuffer out, long epochMicros, byte[] address, int rssiDbm, int sequence) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        int len = 15 + 32;
        out.putInt((int) Math.floorDiv(epochMicros, 1_000_000L)).putInt((int) Math.floorMod(epochMicros, 1_000_000L))
                .putInt(len).putInt(len);
        // radiotap: version 0, pad, it_len 15, present = Flags | Channel | dBm antenna signal
        out.put((byte) 0).put((byte) 0).putShort((short) 15).putInt(0x2a);
        out.put((byte) 0).put((byte) 0).putShort((short) 2437).putShort((short) 0x00a0).put((byte) rssiDbm);
        // 802.11 probe request
        out.put((byte) 0x40).put((byte) 0).putShort((short) 0);
        for (int i = 0; i < 6; i++) {
            out.put((byte) 0xff);
        }
        out.put(address, 0, 6);
        for (int i = 0; i < 6; i++) {
            out.put((byte) 0xff);
        }
        out.putShort((short) ((sequence & 0xfff) << 4));
        out.put((byte) 0).put((byte) 0); // SSID: wildcard
        out.put((byte) 1).put((byte) 4).put((byte) 0x02).put((byte) 0x04).put((byte) 0x0b).put((byte) 0x16); // rates
    }
}
