package org.lantaarn.node.sensor.wifi;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the blocks of a pcapng stream for a {@link PcapReader} (<a href="https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/">
 * draft-ietf-opsawg-pcapng</a>): section header blocks (each with its own byte order, from its byte-order magic),
 * interface description blocks (link type, snap length, and the {@code if_tsresol} option: 10^-n or 2^-n seconds
 * per unit, default microseconds), enhanced packet blocks (interface, 64-bit timestamp) and simple packet blocks
 * (interface 0, no timestamp). Only packets of radiotap interfaces (link type 127) are read; those of other
 * interfaces are counted as other frames. Every other block type is skipped by its length. Each block's body is
 * read into the reader's one record buffer and zeroed once handled. Not thread-safe: the reader's thread.
 */
final class PcapngBlocks {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int OPTION_END = 0;
    static final int OPTION_IF_TSRESOL = 9;

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private final PcapReader reader;
    private final InputStream in;
    private final byte[] head = new byte[12];
    private final List<Iface> interfaces = new ArrayList<>();
    private boolean bigEndian;

    /** One interface of the current section: its link type and timestamp resolution. */
    private record Iface(int linkType, int snapLen, boolean decimal, int exponent) {
        boolean radiotap() {
            return linkType == PcapReader.LINKTYPE_RADIOTAP;
        }

        long nanos(long ts) {
            if (decimal && exponent <= 9) {
                return ts * pow10(9 - exponent);
            }
            BigInteger t = new BigInteger(Long.toUnsignedString(ts));
            BigInteger n = decimal ? t.multiply(BILLION).divide(BigInteger.TEN.pow(exponent)) : t.multiply(BILLION).shiftRight(exponent);
            return n.longValue();
        }
    }

    PcapngBlocks(PcapReader reader, InputStream in) {
        this.reader = reader;
        this.in = in;
    }

    /** Reads the stream whose first four bytes, the first section header's block type, have been read. */
    PcapReader.End read() throws IOException {
        try {
            PcapReader.End end = section(true);
            if (end != null) {
                return end;
            }
            while (true) {
                int n = in.readNBytes(head, 0, 8);
                if (n == 0) {
                    return PcapReader.End.END_OF_STREAM;
                }
                if (n < 8) {
                    return truncated("capture ended inside a block header");
                }
                int type = PcapReader.s32(head, 0, bigEndian);
                if (type == SECTION_HEADER) {
                    end = section(false);
                    if (end != null) {
                        return end;
                    }
                    continue;
                }
                end = block(type, PcapReader.s32(head, 4, bigEndian) & 0xFFFF_FFFFL);
                if (end != null) {
                    return end;
                }
            }
        } finally {
            Arrays.fill(head, (byte) 0);
        }
    }

    /** A section header block: its byte order, then its body; {@code first}: the block type has been read, nothing more. */
    private PcapReader.End section(boolean first) throws IOException {
        int have = first ? 4 : 8;
        int n = in.readNBytes(head, have, 12 - have);
        if (n < 12 - have) {
            return first && have + n < 12 ? unreadableShort(have + n) : truncated("capture ended inside a section header");
        }
        int bom = PcapReader.s32(head, 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            return reader.unreadable(String.format("pcapng section header with a wrong byte-order magic 0x%08x", bom));
        }
        long length = PcapReader.s32(head, 4, bigEndian) & 0xFFFF_FFFFL;
        if (length < 28 || length % 4 != 0 || length > PcapReader.MAX_RECORD) {
            return reader.unreadable("pcapng section header length " + length + " is not valid: framing lost");
        }
        interfaces.clear();
        // The rest: version (4), section length (8), options, trailing length (4).
        return skipBody(length - 12, SECTION_HEADER);
    }

    private PcapReader.End unreadableShort(int n) {
        reader.truncatedHeader();
        return reader.unreadable("pcapng section header truncated: " + n + " of 28 bytes");
    }

    /** Any block but a section header: its total length has been read. */
    private PcapReader.End block(int type, long length) throws IOException {
        if (length < 12 || length % 4 != 0 || length > PcapReader.MAX_RECORD + 64) {
            reader.listener.skipped("pcapng block length beyond limits: framing lost");
            return reader.unreadable("pcapng block of type " + type + " with length " + length + ": framing lost");
        }
        int body = (int) length - 12;
        byte[] b = reader.ensureRecord(body + 4);
        int n = in.readNBytes(b, 0, body + 4);
        try {
            if (n < body + 4) {
                return truncated("capture ended inside a block");
            }
            long trailing = PcapReader.s32(b, body, bigEndian) & 0xFFFF_FFFFL;
            if (trailing != length) {
                reader.listener.skipped("pcapng block lengths differ: framing lost");
                return reader.unreadable("pcapng block lengths differ (" + length + " and " + trailing + "): framing lost");
            }
            switch (type) {
                case INTERFACE_DESCRIPTION -> interfaceDescription(b, body);
                case ENHANCED_PACKET -> enhancedPacket(b, body);
                case SIMPLE_PACKET -> simplePacket(b, body);
                default -> { } // name resolution, statistics, decryption secrets, custom: nothing to count
            }
            if ((type == ENHANCED_PACKET || type == SIMPLE_PACKET) && interfaces.stream().noneMatch(Iface::radiotap)) {
                return reader.unreadable("pcapng capture without a radiotap interface (link types "
                        + interfaces.stream().map(i -> String.valueOf(i.linkType())).distinct().toList() + "); "
                        + (interfaces.isEmpty() ? "packets before any interface description" : PcapReader.linkTypeProblem(interfaces.getFirst().linkType())));
            }
            return null;
        } finally {
            Arrays.fill(b, 0, Math.min(b.length, body + 4), (byte) 0);
            reader.clearAddress();
        }
    }

    private void interfaceDescription(byte[] b, int body) {
        if (body < 8) {
            reader.malformed("pcapng interface description");
            interfaces.add(new Iface(-1, 0, true, 6));
            return;
        }
        int linkType = u16(b, 0);
        int snapLen = PcapReader.s32(b, 4, bigEndian);
        boolean decimal = true;
        int exponent = 6;
        int o = 8;
        while (o + 4 <= body) {
            int code = u16(b, o);
            int len = u16(b, o + 2);
            if (code == OPTION_END) {
                break;
            }
            if (o + 4 + len > body) {
                reader.malformed("pcapng interface option");
                break;
            }
            if (code == OPTION_IF_TSRESOL && len >= 1) {
                int v = b[o + 4] & 0xFF;
                decimal = (v & 0x80) == 0;
                exponent = v & 0x7F;
                if ((decimal && exponent > 18) || (!decimal && exponent > 63)) {
                    reader.malformed("pcapng if_tsresol");
                    decimal = true;
                    exponent = 6;
                }
            }
            o += 4 + ((len + 3) & ~3);
        }
        interfaces.add(new Iface(linkType, snapLen, decimal, exponent));
    }

    private void enhancedPacket(byte[] b, int body) {
        reader.countRecord();
        if (body < 20) {
            reader.malformed("pcapng enhanced packet block");
            return;
        }
        long id = PcapReader.s32(b, 0, bigEndian) & 0xFFFF_FFFFL;
        long ts = (PcapReader.s32(b, 4, bigEndian) & 0xFFFF_FFFFL) << 32 | (PcapReader.s32(b, 8, bigEndian) & 0xFFFF_FFFFL);
        long captured = PcapReader.s32(b, 12, bigEndian) & 0xFFFF_FFFFL;
        if (id >= interfaces.size()) {
            reader.malformed("pcapng packet of an undescribed interface");
            return;
        }
        if (captured > body - 20) {
            reader.malformed("pcapng packet length");
            return;
        }
        Iface iface = interfaces.get((int) id);
        if (!iface.radiotap()) {
            reader.countOther();
            return;
        }
        reader.frame(iface.nanos(ts), 20, (int) captured);
    }

    private void simplePacket(byte[] b, int body) {
        reader.countRecord();
        if (body < 4 || interfaces.isEmpty()) {
            reader.malformed("pcapng simple packet block");
            return;
        }
        Iface iface = interfaces.getFirst();
        long original = PcapReader.s32(b, 0, bigEndian) & 0xFFFF_FFFFL;
        long captured = Math.min(original, body - 4);
        if (iface.snapLen() > 0) {
            captured = Math.min(captured, iface.snapLen());
        }
        if (!iface.radiotap()) {
            reader.countOther();
            return;
        }
        reader.frame(ProbeListener.NO_CAPTURE_TIME, 4, (int) captured);
    }

    private PcapReader.End skipBody(long remaining, int type) throws IOException {
        byte[] b = reader.ensureRecord((int) remaining);
        int n = in.readNBytes(b, 0, (int) remaining);
        try {
            if (n < remaining) {
                return truncated("capture ended inside a section header");
            }
            long trailing = PcapReader.s32(b, (int) remaining - 4, bigEndian) & 0xFFFF_FFFFL;
            long length = remaining + 12;
            if (trailing != length) {
                return reader.unreadable("pcapng block lengths differ (" + length + " and " + trailing + ") in block type " + type + ": framing lost");
            }
            return null;
        } finally {
            Arrays.fill(b, 0, (int) remaining, (byte) 0);
        }
    }

    private PcapReader.End truncated(String why) {
        reader.truncatedHeader();
        reader.listener.skipped(why);
        return PcapReader.End.TRUNCATED;
    }

    private int u16(byte[] b, int i) {
        return bigEndian ? (b[i] & 0xff) << 8 | (b[i + 1] & 0xff) : (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
