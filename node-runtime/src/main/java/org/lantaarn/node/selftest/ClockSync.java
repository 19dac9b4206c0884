package org.lantaarn.node.selftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether the system clock is synchronised, as systemd sees it; empty when that cannot be known. */
@FunctionalInterface
public interface ClockSync {
    Optional<Boolean> synchronised();

    /** {@code timedatectl show -p NTPSynchronized --value}: {@code yes} or {@code no}; unknown without systemd. */
    static ClockSync timedatectl() {
        return () -> {
            try {
                Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.exitValue() != 0 ? Optional.empty() : out.equals("yes") ? Optional.of(true)
                        : out.equals("no") ? Optional.of(false) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
    }
}
