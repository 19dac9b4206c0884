package org.lantaarn.node.sensor.wifi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes one list of captured frames as a classic pcap and as pcapng (either byte order, radiotap and non-radiotap
 * interfaces, enhanced or simple packet blocks, any {@code if_tsresol}), so that the two readers can be compared.
 */
final class CaptureFormats {
    /** A frame captured on interface {@code iface} at {@code epochNanos}: a probe request from {@code address}. */
    record Frame(int iface, long epochNanos, int rssi, byte[] address) {
        byte[] bytes() {
            byte[] radiotap = {0, 0, 9, 0, 0x20, 0, 0, 0, (byte) rssi};
            byte[] dot11 = new byte[24];
            dot11[0] = 0x40;
            for (int i = 4; i < 10; i++) {
                dot11[i] = (byte) 0xff;
            }
            System.arraycopy(address, 0, dot11, 10, 6);
            byte[] all = new byte[radiotap.length + dot11.length];
            System.arraycopy(radiotap, 0, all, 0, radiotap.length);
            System.arraycopy(dot11, 0, all, radiotap.length, dot11.length);
            return all;
        }
    }

    /** An interface: its link type and its {@code if_tsresol} byte (6: microseconds, 9: nanoseconds, 0x80|n: 2^-n s). */
    record Iface(int linkType, int tsresol) {}

    private CaptureFormats() {}

    /** Classic pcap, little-endian, nanosecond timestamps, of the frames of radiotap interfaces only. */
    static byte[] pcap(List<Frame> frames, List<Iface> ifaces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(127);
        out.writeBytes(h.array());
        for (Frame f : frames) {
            if (ifaces.get(f.iface()).linkType() != 127) {
                continue;
            }
            byte[] b = f.bytes();
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (f.epochNanos() / 1_000_000_000L)).putInt((int) (f.epochNanos() % 1_000_000_000L)).putInt(b.length).putInt(b.length);
            out.writeBytes(r.array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** pcapng in {@code order}: a section header, the interfaces, one enhanced packet block per frame. */
    static byte[] pcapng(List<Frame> frames, List<Iface> ifaces, ByteOrder order, boolean simpleForFirst) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sectionHeader(order));
        for (Iface i : ifaces) {
            out.writeBytes(interfaceDescription(i, order));
        }
        boolean first = true;
        for (Frame f : frames) {
            out.writeBytes(simpleForFirst && first && f.iface() == 0 ? simplePacket(f, order) : enhancedPacket(f, ifaces.get(f.iface()), order));
            first = false;
        }
        return out.toByteArray();
    }

    static byte[] sectionHeader(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(28).order(order);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        return b.array();
    }

    static byte[] interfaceDescription(Iface i, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(32).order(order);
        b.putInt(1).putInt(32).putShort((short) i.linkType()).putShort((short) 0).putInt(262_144);
        b.putShort((short) 9).putShort((short) 1).put((byte) i.tsresol()).put(new byte[3]);
        b.putShort((short) 0).putShort((short) 0);
        b.putInt(32);
        return b.array();
    }

    static byte[] enhancedPacket(Frame f, Iface i, ByteOrder order) {
        byte[] data = f.bytes();
        int padded = (data.length + 3) & ~3;
        int total = 32 + padded;
        long ts = units(f.epochNanos(), i.tsresol());
        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.putInt(6).putInt(total).putInt(f.iface()).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length);
        b.put(data).put(new byte[padded - data.length]).putInt(total);
        return b.array();
    }

    static byte[] simplePacket(Frame f, ByteOrder order) {
        byte[] data = f.bytes();
        int padded = (data.length + 3) & ~3;
        int total = 16 + padded;
        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.putInt(3).putInt(total).putInt(data.length).put(data).put(new byte[padded - data.length]).putInt(total);
        return b.array();
    }

    private static long units(long nanos, int tsresol) {
        if ((tsresol & 0x80) == 0) {
            return tsresol <= 9 ? nanos / pow10(9 - tsresol) : nanos * pow10(tsresol - 9);
        }
        return java.math.BigInteger.valueOf(nanos).shiftLeft(tsresol & 0x7f).divide(java.math.BigInteger.valueOf(1_000_000_000L)).longValue();
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
