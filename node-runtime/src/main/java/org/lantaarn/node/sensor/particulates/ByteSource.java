package org.lantaarn.node.sensor.particulates;

import java.io.IOException;
import java.io.InputStream;

/** Where a particulate sensor's bytes come from: a serial device, or bytes in a test. */
public interface ByteSource {
    /** Opens the source on the driver's reader thread (may block); each call gives a fresh stream (the driver reopens after an error). */
    InputStream open() throws IOException;

    /** Where it reads, for messages ({@code /dev/serial0}). */
    String describe();

    /** The device file, when there is one (an open hanging on a named pipe can then be released); default none. */
    default java.nio.file.Path path() {
        return null;
    }
}
