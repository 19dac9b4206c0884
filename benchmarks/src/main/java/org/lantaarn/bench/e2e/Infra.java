package org.lantaarn.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Status;

/** What the harnesses share: a Mosquitto of their own, the Mosquitto clients as raw baselines, scratch directories. */
final class Infra {
    static final String PUB = "mosquitto_pub";
    static final String SUB = "mosquitto_sub";

    private Infra() {}

    /** A Mosquitto on a free loopback port with the production queueing limits and no persistence. Stop it with close. */
    static final class Broker implements AutoCloseable {
        final int port;
        final Process process;
        final Path dir;

        Broker(int port, Process process, Path dir) {
            this.port = port;
            this.process = process;
            this.dir = dir;
        }

        String uri() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Broker broker(Path scratch) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("broker-" + System.nanoTime()));
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                # Written by the Lantaarn benchmark harness: the queueing limits of deploy/mosquitto/mosquitto.conf, no TLS.
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                max_queued_messages 0
                max_inflight_messages 20
                log_dest file %s
                log_type error
                log_type warning
                """.formatted(port, dir.resolve("mosquitto.log")) + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""),
                StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(mosquitto(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Broker(port, p, dir);
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    static String mosquitto() {
        for (String c : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code mosquitto_sub} at QoS 1 that exits after {@code count} messages, writing them to {@code out} in {@code format}. */
    static Process subscriber(Broker b, String filter, long count, Path out, String format) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SUB, "-p", Integer.toString(b.port), "-q", "1", "-V", "mqttv5", "-t", filter,
                "-C", Long.toString(count)));
        if (format != null) {
            cmd.add("-F");
            cmd.add(format);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        sleep(400); // let the subscription reach the broker before anything is published
        return p;
    }

    /** {@code mosquitto_pub} at QoS 1 publishing each line of {@code lines} as one message on {@code topic}. */
    static Process publisher(Broker b, String topic, Path lines) throws IOException {
        return new ProcessBuilder(PUB, "-p", Integer.toString(b.port), "-q", "1", "-V", "mqttv5", "-t", topic, "-l")
                .redirectInput(lines.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static void await(Process p, Duration max, String what) throws InterruptedException {
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within " + max);
        }
    }

    static byte[] birth(JsonCodec codec, String node, String site) {
        return codec.encode(new Status(node, Status.State.ONLINE, Instant.now(), "bench", 1L,
                "0".repeat(64), site, new Location(51.6888, 5.3036, 6.0, "benchmark lamppost"), List.of()));
    }

    static Path scratch(String name) throws IOException {
        return Files.createTempDirectory("lantaarn-bench-" + name + "-");
    }

    static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
