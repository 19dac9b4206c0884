package org.lantaarn.node.sensor.particulates;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds fixed-length frames with a two-byte header in a byte stream from a UART, whatever comes in
 * between: bytes before a header are skipped, a frame whose checksum (or trailer, or length field) is wrong
 * is rejected and the search starts again one byte after its header, so a valid frame hidden inside
 * garbage is still found. A valid frame whose readings are all zero is what both sensors send while their
 * fan spins up after power-on or wake-up; it is skipped and counted as a warm-up frame, never delivered as a
 * 0.0 reading. Frames may arrive split over any number of reads. Counts what it saw.
 * Not thread-safe: one reader thread feeds it.
 */
public abstract class FrameParser {
    private final int header0;
    private final int header1;
    private final byte[] buf;
    private final Consumer<PmReading> out;
    private int len;
    private long frames;
    private long rejected;
    private long skipped;
    private long warmUp;

    protected FrameParser(int header0, int header1, int frameLength, Consumer<PmReading> out) {
        this.header0 = header0;
        this.header1 = header1;
        this.buf = new byte[frameLength];
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Feeds bytes as they arrive. */
    public final void accept(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        for (int i = offset; i < offset + length; i++) {
            accept(data[i]);
        }
    }

    /** Feeds one byte. */
    public final void accept(byte b) {
        if (len == 0 && (b & 0xFF) != header0) {
            skipped++;
            return;
        }
        buf[len++] = b;
        while (len > 0) {
            if ((buf[0] & 0xFF) != header0 || (len >= 2 && (buf[1] & 0xFF) != header1) || !prefixPlausible(buf, len)) {
                drop(1);
                skipped++;
                continue;
            }
            if (len < buf.length) {
                return;
            }
            PmReading r = decode(buf);
            if (r != null && isWarmUp(buf)) {
                warmUp++;
                len = 0;
                return;
            }
            if (r != null) {
                frames++;
                out.accept(r);
                len = 0;
                return;
            }
            rejected++;
            drop(1);
        }
    }

    private void drop(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** Whether the first {@code len} bytes (header already matched) can still start a frame; e.g. a length field. */
    protected boolean prefixPlausible(byte[] frame, int len) {
        return true;
    }

    /** Whether a complete, valid frame is a warm-up frame: every reading in it zero. */
    protected abstract boolean isWarmUp(byte[] frame);

    /** The reading of a complete frame, or {@code null} when its checksum or trailer is wrong. */
    protected abstract PmReading decode(byte[] frame);

    /** Valid frames decoded. */
    public final long frames() {
        return frames;
    }

    /** Valid frames skipped because every reading in them was zero (the sensor warming up). */
    public final long warmUp() {
        return warmUp;
    }

    /** Complete frames rejected for a bad checksum, trailer or field. */
    public final long rejected() {
        return rejected;
    }

    /** Bytes skipped while looking for a header. */
    public final long skipped() {
        return skipped;
    }

    static int u16be(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int u16le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }
}
