package org.lantaarn.node.sensor.wifi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A pure-Java reader of capture streams (the classic libpcap format, and pcapng, which dumpcap, tshark and
 * Wireshark write by default, see {@link PcapngBlocks}) carrying radiotap and 802.11 frames (link type 127,
 * {@code LINKTYPE_IEEE802_11_RADIOTAP}), that finds probe requests and keeps of each
 * only the source address, its locally-administered bit, the dBm antenna signal and the capture time.
 * Information elements, sequence numbers and every other field are never read: they fingerprint devices.
 *
 * <p>Formats: the global header's magic {@code 0xa1b2c3d4} (microsecond timestamps) or {@code 0xa1b23c4d}
 * (nanosecond timestamps), written in either byte order, which then applies to every header field
 * (<a href="https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/">draft-ietf-opsawg-pcap</a>). The
 * radiotap header is always little-endian, whatever the file's byte order.
 *
 * <p>A stream that cannot be read at all ends with {@link End#NOT_READABLE} and a precise {@link #problem()}: a
 * wrong magic, a truncated global header, a link type other than radiotap (105 plain 802.11, 119 Prism, 192
 * PPI, ...), a pcapng capture without a radiotap interface. Bad input is counted, never thrown: a record whose radiotap header or 802.11 frame is malformed is
 * skipped; a stream that ends inside a record counts as truncated; a record length above
 * {@link #MAX_RECORD} means the framing is lost, which is counted as malformed and ends the reading.
 * Only {@link IOException}s of the underlying stream are thrown.
 *
 * <p>The raw frame lives in one buffer owned by the reader, and each record's bytes are overwritten with
 * zeros as soon as the record has been handled, so no address outlives the parsing of its frame. The
 * stream is read directly (wrap it in no buffer that would keep copies). Not thread-safe: one thread reads.
 */
public final class PcapReader {
    /** {@code rssiDbm} when the radiotap header carries no dBm antenna signal. */
    public static final int NO_SIGNAL = Radiotap.NO_SIGNAL;
    /** The largest record accepted (libpcap's largest snapshot length); beyond it the framing is lost. */
    public static final int MAX_RECORD = 262_144;
    /** {@code LINKTYPE_IEEE802_11_RADIOTAP}. */
    public static final int LINKTYPE_RADIOTAP = 127;

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int DOT11_HEADER = 24;
    private static final int PROBE_REQUEST = 0x40; // frame control byte 0: version 0, type 0 (management), subtype 4

    private final InputStream in;
    final ProbeListener listener;
    private final byte[] header = new byte[GLOBAL_HEADER];
    private final byte[] address = new byte[6];
    private byte[] record = new byte[2048];

    private String problem;
    private boolean bigEndian;
    private boolean nanos;
    private long records;
    private long probes;
    private long other;
    private long malformed;
    private long truncated;
    private long badFcs;

    public PcapReader(InputStream in, ProbeListener listener) {
        this.in = in;
        this.listener = listener;
    }

    /** How the stream ended. */
    public enum End {
        /** The stream ended cleanly between records. */
        END_OF_STREAM,
        /** The stream ended inside a header or record. */
        TRUNCATED,
        /** The capture cannot be read: see {@link #problem()}. */
        NOT_READABLE
    }

    /** Why the stream could not be read (set when {@link #readAll()} returned {@link End#NOT_READABLE}), or null. */
    public String problem() {
        return problem;
    }

    End unreadable(String why) {
        malformed++;
        problem = why;
        return End.NOT_READABLE;
    }

    /** Reads until the stream ends or cannot be read further; blocks on the stream. */
    public End readAll() throws IOException {
        try {
            int n = in.readNBytes(header, 0, 4);
            if (n == 0) {
                return End.END_OF_STREAM;
            }
            if (n == 4 && s32(header, 0, true) == PcapngBlocks.SECTION_HEADER) {
                return new PcapngBlocks(this, in).read();
            }
            n += in.readNBytes(header, 4, GLOBAL_HEADER - 4);
            int magic = s32(header, 0, true);
            if (n < 4) {
                return unreadable("not a pcap or pcapng capture: only " + n + " bytes");
            }
            if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
                bigEndian = true;
            } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
                bigEndian = false;
                magic = Integer.reverseBytes(magic);
            } else {
                return unreadable(String.format("not a pcap or pcapng capture: magic 0x%08x", magic));
            }
            if (n < GLOBAL_HEADER) {
                truncated++;
                return unreadable("pcap global header truncated: " + n + " of " + GLOBAL_HEADER + " bytes");
            }
            nanos = magic == MAGIC_NANOS;
            int linkType = s32(header, 20, bigEndian) & 0xFFFF; // upper bits: FCS length and reserved
            if (linkType != LINKTYPE_RADIOTAP) {
                return unreadable(linkTypeProblem(linkType));
            }
            while (true) {
                n = in.readNBytes(header, 0, RECORD_HEADER);
                if (n == 0) {
                    return End.END_OF_STREAM;
                }
                if (n < RECORD_HEADER) {
                    truncated++;
                    return End.TRUNCATED;
                }
                long seconds = s32(header, 0, bigEndian) & 0xFFFF_FFFFL;
                long fraction = s32(header, 4, bigEndian) & 0xFFFF_FFFFL;
                long inclLen = s32(header, 8, bigEndian) & 0xFFFF_FFFFL;
                if (inclLen > MAX_RECORD) {
                    listener.skipped("record length beyond " + MAX_RECORD + ": framing lost");
                    return unreadable("pcap record length " + inclLen + " beyond " + MAX_RECORD + ": framing lost");
                }
                int len = (int) inclLen;
                ensureRecord(len);
                n = in.readNBytes(record, 0, len);
                try {
                    if (n < len) {
                        truncated++;
                        listener.skipped("capture ended inside a record");
                        return End.TRUNCATED;
                    }
                    records++;
                    if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) {
                        malformed++;
                        listener.skipped("record timestamp out of range");
                        continue;
                    }
                    long epochNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
                    frame(epochNanos, 0, len);
                } finally {
                    Arrays.fill(record, 0, len, (byte) 0);
                    Arrays.fill(address, (byte) 0);
                }
            }
        } finally {
            Arrays.fill(header, (byte) 0);
        }
    }

    /** A precise reason for a link type that is not radiotap. */
    static String linkTypeProblem(int linkType) {
        String name = switch (linkType) {
            case 1 -> "Ethernet: not a monitor-mode capture";
            case 105 -> "IEEE 802.11 without radiotap headers: no signal strength";
            case 119 -> "Prism monitor-mode headers";
            case 163 -> "AVS monitor-mode headers";
            case 192 -> "PPI headers";
            default -> "not radiotap";
        };
        return "unsupported link type " + linkType + " (" + name + "); capture with radiotap headers, link type 127";
    }

    /** Makes the reader's one record buffer hold {@code len} bytes; the old one is zeroed first. */
    byte[] ensureRecord(int len) {
        if (record.length < len) {
            Arrays.fill(record, (byte) 0);
            record = new byte[Math.max(len, record.length * 2)];
        }
        return record;
    }

    byte[] record() {
        return record;
    }

    void truncatedHeader() {
        truncated++;
    }

    void countRecord() {
        records++;
    }

    void countOther() {
        other++;
    }

    void clearAddress() {
        Arrays.fill(address, (byte) 0);
    }

    /**
     * Handles one radiotap frame at {@code record[off..off+len)} captured at {@code epochNanos}
     * ({@link ProbeListener#NO_CAPTURE_TIME} when the record carries no time).
     */
    void frame(long epochNanos, int off, int len) {
        int itLen = Radiotap.headerLength(record, off, len);
        if (itLen < 0) {
            malformed("radiotap header");
            return;
        }
        int signal = Radiotap.signal(record, off, itLen);
        if (signal == Radiotap.MALFORMED) {
            malformed("radiotap fields");
            return;
        }
        if (signal == Radiotap.BAD_FCS) {
            badFcs++;
            return;
        }
        int f = off + itLen;
        int end = off + len;
        if (end - f < 2) {
            malformed("802.11 frame control");
            return;
        }
        if ((record[f] & 0xff) != PROBE_REQUEST) {
            other++;
            return;
        }
        if (end - f < DOT11_HEADER) {
            malformed("802.11 management header");
            return;
        }
        int sa = f + 10; // frame control 2, duration 2, address 1 (receiver) 6, then address 2: the source
        if ((record[sa] & 0x01) != 0) { // a group address cannot be a source
            malformed("group source address");
            return;
        }
        System.arraycopy(record, sa, address, 0, 6);
        probes++;
        listener.probe(epochNanos, signal, (address[0] & 0x02) != 0, address);
    }

    void malformed(String what) {
        malformed++;
        listener.skipped("malformed " + what);
    }

    /** What has been read so far. */
    public CaptureStats stats() {
        return new CaptureStats(records, probes, other, malformed, truncated, badFcs);
    }

    static int s32(byte[] b, int i, boolean be) {
        int v = (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        return be ? v : Integer.reverseBytes(v);
    }
}
