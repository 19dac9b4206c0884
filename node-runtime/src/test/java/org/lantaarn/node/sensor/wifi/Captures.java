package org.lantaarn.node.sensor.wifi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/** Writes little-endian microsecond pcap captures of probe requests for the driver tests (the parser's own tests use hand-written vectors). */
public final class Captures {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Captures() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(127);
        out.writeBytes(h.array());
    }

    /** A probe request from {@code address} at {@code at} with signal {@code rssi} dBm. */
    public Captures probe(Instant at, byte[] address, int rssi) {
        byte[] radiotap = {0, 0, 9, 0, 0x20, 0, 0, 0, (byte) rssi}; // present: dBm antenna signal only
        byte[] frame = new byte[24];
        frame[0] = 0x40;
        System.arraycopy(address, 0, frame, 10, 6);
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int len = radiotap.length + frame.length;
        r.putInt((int) at.getEpochSecond()).putInt(at.getNano() / 1000).putInt(len).putInt(len);
        out.writeBytes(r.array());
        out.writeBytes(radiotap);
        out.writeBytes(frame);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
