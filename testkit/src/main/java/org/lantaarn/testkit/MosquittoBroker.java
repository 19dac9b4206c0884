package org.lantaarn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker for integration tests, started on a free loopback port with a configuration
 * of its own in a fresh directory (persistence on, so a restart keeps sessions and queued messages).
 *
 * <p>When the {@code mosquitto} binary is missing the test is aborted (reported as skipped, with the
 * reason) on a developer machine, and fails when {@code CI} or {@code LANTAARN_REQUIRE_MOSQUITTO} is
 * set: CI must never skip the Mosquitto tier silently.
 *
 * <p>Not thread-safe: the test thread owns it.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final Path configFile;
    private Process process;

    private MosquittoBroker(Path dir, int port, Path configFile) {
        this.dir = dir;
        this.port = port;
        this.configFile = configFile;
    }

    /** Starts a broker with the default test configuration. */
    public static MosquittoBroker start() {
        return start("");
    }

    /**
     * Starts a broker whose configuration is the test default plus {@code extraConfig} (for example
     * {@code "max_queued_messages 10\n"}). The listener, persistence location and log file are set here.
     */
    public static MosquittoBroker start(String extraConfig) {
        return start(extraConfig, MosquittoBroker::freePort);
    }

    /** As {@link #start(String)}, taking each port to try from {@code ports}. */
    static MosquittoBroker start(String extraConfig, java.util.function.IntSupplier ports) {
        Path binary = findBinary();
        try {
            Path dir = Files.createTempDirectory("lantaarn-mosquitto-");
            // The port is free when chosen and bound by Mosquitto a little later: another process (a client's
            // ephemeral port, a parallel build's broker) may take it in between. Then choose again.
            for (int attempt = 1; ; attempt++) {
                int port = ports.getAsInt();
                Path config = dir.resolve("mosquitto.conf");
                String conf = """
                        # Written by the Lantaarn test suite for one test broker.
                        listener %d 127.0.0.1
                        allow_anonymous true
                        persistence true
                        persistence_location %s/
                        autosave_interval 1
                        log_dest file %s
                        log_type error
                        log_type warning
                        log_type notice
                        log_type information
                        max_queued_messages 0
                        max_inflight_messages 20
                        """.formatted(port, dir, dir.resolve("mosquitto.log")) + stayRoot() + extraConfig;
                Files.writeString(config, conf, StandardCharsets.UTF_8);
                MosquittoBroker broker = new MosquittoBroker(dir, port, config);
                try {
                    broker.launch(binary);
                    return broker;
                } catch (PortTaken e) {
                    if (attempt >= 5) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker with a complete configuration of the caller's (for example one written by
     * {@code lantaarn-gateway broker-config}, with TLS listeners and an ACL file), waiting until {@code port} accepts
     * TCP connections. The configuration is copied into a fresh directory; as root, {@code user root} is added.
     */
    public static MosquittoBroker startWithConfig(String fullConfig, int port) {
        Path binary = findBinary();
        try {
            Path dir = Files.createTempDirectory("lantaarn-mosquitto-");
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, fullConfig + "\nlog_dest file " + dir.resolve("mosquitto.log") + "\n" + stayRoot(), StandardCharsets.UTF_8);
            MosquittoBroker broker = new MosquittoBroker(dir, port, config);
            broker.launch(binary);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Started as root, Mosquitto drops to the {@code mosquitto} user, which cannot write this test's
     * directory (created by root, mode 700): persistence and the log then fail silently and a restart
     * loses every session. As root, the test broker stays root; otherwise it runs as the test's user.
     */
    private static String stayRoot() {
        return "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
    }

    /** True when a mosquitto binary is installed. */
    public static boolean isInstalled() {
        return locate() != null;
    }

    private static Path locate() {
        for (String c : CANDIDATES) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path findBinary() {
        Path p = locate();
        if (p == null) {
            String why = "mosquitto is not installed (apt-get install mosquitto mosquitto-clients): Mosquitto integration test not run";
            if (System.getenv("CI") != null || System.getenv("LANTAARN_REQUIRE_MOSQUITTO") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        return p;
    }

    private void launch(Path binary) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-c", configFile.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("stdout.log").toFile());
        Path logFile = dir.resolve("mosquitto.log");
        long logBefore = Files.exists(logFile) ? Files.size(logFile) : 0;
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // generous: a loaded 2-core machine
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                byte[] all = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
                String since = new String(all, (int) Math.min(logBefore, all.length), all.length - (int) Math.min(logBefore, all.length),
                        StandardCharsets.UTF_8) + Files.readString(dir.resolve("stdout.log"));
                if (since.contains("Address already in use")) {
                    throw new PortTaken("mosquitto could not bind port " + port + ", another process has it: " + log);
                }
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log);
            }
            // A connection proves that something listens on the port, not that it is this broker: another process
            // may hold the port, and this broker is then about to exit with "Address already in use". Mosquitto opens
            // its listeners one after the other: the broker is ready when it holds every one of them.
            if (accepts() && isMosquitto(binary) && listeners().stream().allMatch(p -> ListeningSockets.owns(process.pid(), p))) {
                recordStart();
                return;
            }
            pause(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("mosquitto did not listen on port " + port + " within 30 s: " + log());
    }

    /** The ports of the configuration's {@code listener} lines, {@link #port} among them. */
    private List<Integer> listeners() throws IOException {
        List<Integer> ports = new java.util.ArrayList<>(List.of(port));
        for (String line : Files.readAllLines(configFile)) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("listener") && words[1].matches("[0-9]{1,5}")) {
                int p = Integer.parseInt(words[1]);
                if (p > 0 && !ports.contains(p)) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }

    /** False while the child is still being spawned (it briefly holds copies of this JVM's descriptors). */
    private boolean isMosquitto(Path binary) {
        return process.info().command().map(c -> Path.of(c).getFileName().equals(binary.getFileName())).orElse(true);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Mosquitto could not bind its port because another process holds it. */
    static final class PortTaken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    /**
     * Appends a line to the file named by {@code LANTAARN_MOSQUITTO_STARTS}, when set, so that CI can
     * prove the Mosquitto tier really ran instead of being skipped.
     */
    private void recordStart() {
        String marker = System.getenv("LANTAARN_MOSQUITTO_STARTS");
        if (marker == null || marker.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "started mosquitto on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Mosquitto start marker " + marker, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting mosquitto", e);
        }
    }

    public int port() {
        return port;
    }

    /** The URI clients connect to: {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** The broker's process id (for tests of this class). */
    long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** Kills the broker with SIGKILL: it returns to its last autosave when restarted. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the broker again on the same port with the same configuration and persistence. */
    public void restart() {
        stop();
        startAgain();
    }

    /** Starts the broker after {@link #stop()} or {@link #kill()}. */
    public void startAgain() {
        if (isRunning()) {
            throw new IllegalStateException("broker is already running");
        }
        try {
            launch(findBinary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's log so far, for assertion messages. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            String out = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
            return out + (Files.exists(log) ? Files.readString(log) : "");
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** A free TCP port on loopback. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mosquitto on %s (%s)", uri(), dir);
    }
}
