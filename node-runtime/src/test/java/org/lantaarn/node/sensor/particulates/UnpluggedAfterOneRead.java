package org.lantaarn.node.sensor.particulates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port that yields {@code bytes} on its first open and is unplugged after: every later open fails with
 * "device unplugged". The reader reopens an ended source after a backoff that full jitter can make a few
 * milliseconds, so a source that yielded the same bytes again would be read twice.
 */
final class UnpluggedAfterOneRead implements ByteSource {
    private final byte[] bytes;
    private final AtomicInteger opens = new AtomicInteger();

    UnpluggedAfterOneRead(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    public InputStream open() throws IOException {
        if (opens.incrementAndGet() > 1) {
            throw new IOException("device unplugged");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String describe() {
        return "test bytes";
    }

    /** How often the reader opened it. */
    int opens() {
        return opens.get();
    }
}
