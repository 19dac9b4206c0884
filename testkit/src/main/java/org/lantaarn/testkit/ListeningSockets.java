package org.lantaarn.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process listens on a TCP port, read from Linux's {@code /proc}: a test broker is ready when its own process
 * holds the listening socket, not when any process accepts a connection on the port.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /**
     * True when process {@code pid} holds a socket listening on {@code port}; also true when {@code /proc} cannot
     * tell (not Linux), so the caller falls back to "the port accepts connections".
     */
    static boolean owns(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        boolean readable = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            readable = true;
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    if (f.length < 10 || !f[3].equals(LISTEN)) {
                        continue;
                    }
                    int colon = f[1].lastIndexOf(':');
                    if (colon > 0 && Integer.parseInt(f[1].substring(colon + 1), 16) == port) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return true; // cannot tell
            }
        }
        if (!readable) {
            return true;
        }
        if (inodes.isEmpty()) {
            return false;
        }
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (Stream<Path> list = Files.list(fds)) {
            return list.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1).toLowerCase(Locale.ROOT));
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the descriptor was closed meanwhile
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // the process has ended
        } catch (IOException e) {
            return true; // cannot tell (another user's process)
        }
    }
}
