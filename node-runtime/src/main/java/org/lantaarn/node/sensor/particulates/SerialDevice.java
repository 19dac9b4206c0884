package org.lantaarn.node.sensor.particulates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.SourceFiles;

/**
 * A UART read as a device file ({@code /dev/serial0}, {@code /dev/ttyUSB0}). Pi4J 3.0.4 has no serial
 * provider in its linuxfs or gpiod plugins (only its mock plugin has one), so the port is read as a
 * plain file; it is set to 9600 8N1 raw with {@code stty} when that is available, which a systemd unit
 * or udev rule can do instead.
 */
public final class SerialDevice implements ByteSource {
    private final Path device;

    public SerialDevice(Path device) {
        this.device = device;
    }

    @Override
    public InputStream open() throws IOException {
        if (!Files.exists(device)) {
            throw new IOException("no serial device " + device);
        }
        if (SourceFiles.isCharacterDevice(device)) {
            configure(); // a named pipe or plain file (a serial bridge, a test) has no line settings
        }
        return SourceFiles.stream(SourceFiles.open(device)); // a channel: close() ends a blocked read at once
    }

    @Override
    public Path path() {
        return device;
    }

    /** 9600 baud, 8 data bits, no parity, 1 stop bit, raw bytes; best effort. */
    private void configure() {
        try {
            Process p = new ProcessBuilder("stty", "-F", device.toString(), "9600", "cs8", "-cstopb", "-parenb", "raw", "-echo")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no stty: the port keeps its settings
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String describe() {
        return device.toString();
    }
}
