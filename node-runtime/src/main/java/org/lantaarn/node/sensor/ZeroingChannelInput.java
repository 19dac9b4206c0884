package org.lantaarn.node.sensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input stream over a channel that reads through one direct buffer of its own, so that no library buffer
 * holds a copy of the bytes: a {@link java.nio.channels.FileChannel} reads straight into a direct buffer (into a
 * heap array it would go through a cached temporary direct buffer that is never cleared). Each byte handed to the
 * caller is overwritten with zero in this buffer at once, and the whole buffer on close. For capture sources,
 * whose bytes hold device addresses. Not thread-safe: one reader thread; {@link #close()} may come from another.
 */
public final class ZeroingChannelInput extends InputStream {
    private static final int SIZE = 64 * 1024;
    private static final byte[] ZEROS = new byte[SIZE];

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);

    public ZeroingChannelInput(ReadableByteChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        buffer.limit(0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        int v = n < 0 ? -1 : one[0] & 0xff;
        one[0] = 0;
        return v;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining()) {
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n < 0) {
                buffer.limit(0);
                return -1;
            }
            if (n == 0) {
                return 0;
            }
        }
        int n = Math.min(len, buffer.remaining());
        int at = buffer.position();
        buffer.get(b, off, n);
        buffer.put(at, ZEROS, 0, n); // the caller's array is now the only copy
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    /** Whether every byte of the buffer is zero (for tests). */
    boolean isWiped() {
        byte[] copy = new byte[SIZE];
        buffer.duplicate().clear().get(0, copy, 0, SIZE);
        boolean zero = Arrays.equals(copy, ZEROS);
        Arrays.fill(copy, (byte) 0);
        return zero;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            buffer.duplicate().clear().put(0, ZEROS, 0, SIZE); // absolute puts stop at the limit: wipe the whole capacity
            buffer.limit(0);
        }
    }
}
