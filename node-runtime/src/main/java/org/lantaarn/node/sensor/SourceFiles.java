package org.lantaarn.node.sensor;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What kind of file a device path is, and the one way drivers open one: a {@link FileChannel}, read straight
 * into the caller's own buffer (no library buffer keeps copies of the bytes), and closable from another thread
 * so that a blocked read returns at once. Standard input ({@code -}) is file descriptor 0 itself, never
 * {@link System#in}'s buffered stream.
 */
public final class SourceFiles {
    /** The name by which a source setting means standard input. */
    public static final String STDIN = "-";

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;

    private SourceFiles() {}

    /** Whether {@code path} is a named pipe (made with mkfifo). */
    public static boolean isNamedPipe(Path path) {
        return type(path) == S_IFIFO;
    }

    /** Whether {@code path} is a character device (a serial port, a sound card). */
    public static boolean isCharacterDevice(Path path) {
        return type(path) == S_IFCHR;
    }

    private static int type(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m ? m & S_IFMT : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }

    /** Opens {@code path} for reading (blocks on a named pipe until a writer opens it). */
    public static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }

    /**
     * Standard input as a channel: {@code /dev/stdin} when the system has it, else a channel on file descriptor 0.
     * Closing it ends reading; the process's standard input is not reused after that.
     */
    public static ReadableByteChannel stdin() throws IOException {
        Path dev = Path.of("/dev/stdin");
        if (Files.exists(dev, LinkOption.NOFOLLOW_LINKS) || Files.exists(dev)) {
            try {
                return FileChannel.open(dev, StandardOpenOption.READ);
            } catch (IOException e) {
                // fall back to the descriptor itself
            }
        }
        return new FileInputStream(FileDescriptor.in).getChannel();
    }

    /** An unbuffered stream over {@code channel}: each read goes to the channel with the caller's array. */
    public static InputStream stream(ReadableByteChannel channel) {
        return Channels.newInputStream(channel);
    }
}
