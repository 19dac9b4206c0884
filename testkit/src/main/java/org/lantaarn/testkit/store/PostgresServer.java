package org.lantaarn.testkit.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL cluster for tests: Debian's {@code postgresql} binaries ({@code initdb}, {@code pg_ctl}) on a
 * free loopback port in a temporary directory, one per test JVM ({@link #shared()}), stopped and deleted when the JVM
 * exits. PostgreSQL refuses to run as root, so under root the cluster runs as the {@code postgres} system user (or
 * {@code nobody}) through {@code runuser}, with the directory handed to that user. Tests connect as the superuser
 * {@code lantaarn} (trust authentication on loopback only) and get a database of their own ({@link #newDatabase()}).
 *
 * <p>When PostgreSQL is not installed the test is skipped with a reason, except under {@code CI} or
 * {@code LANTAARN_REQUIRE_POSTGRES}, where it fails: CI must never skip the PostgreSQL tier silently. Each start
 * appends a line to the file named by {@code LANTAARN_POSTGRES_STARTS}. Thread-safe.
 */
public final class PostgresServer {
    /** The superuser tests connect as. */
    public static final String USER = "lantaarn";
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> runAs;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port, List<String> runAs) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.runAs = runAs;
    }

    /** The one cluster of this test JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "lantaarn-postgres-stop"));
        }
        return shared;
    }

    /** Whether the PostgreSQL server binaries are installed. */
    public static boolean isInstalled() {
        return locate() != null;
    }

    public int port() {
        return port;
    }

    /** JDBC URL of {@code database} on this cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a new, empty database and returns its name. */
    public String newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, name),
                false);
        return name;
    }

    private static Path locate() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresServer start() {
        Path bin = locate();
        if (bin == null) {
            String why = "PostgreSQL is not installed (apt-get install postgresql): PostgreSQL store tests not run";
            if (System.getenv("CI") != null || System.getenv("LANTAARN_REQUIRE_POSTGRES") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        try {
            Path dir = Files.createTempDirectory("lantaarn-pg-");
            List<String> runAs = List.of();
            if ("root".equals(System.getProperty("user.name"))) {
                String user = userExists("postgres") ? "postgres" : "nobody";
                runAs = List.of("runuser", "-u", user, "--");
                exec(List.of("chown", "-R", user, dir.toString()), dir);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, dir, port, runAs);
            server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                    "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"), true);
            // fsync off: the tests kill gateways, never the database server or the machine.
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                    "-l", dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start"), true);
            server.recordStart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean userExists(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private void run(List<String> command, boolean asServerUser) {
        List<String> cmd = new ArrayList<>(asServerUser ? runAs : List.of());
        cmd.addAll(command);
        exec(cmd, dir);
    }

    private static void exec(List<String> cmd, Path dir) {
        try {
            Path out = Files.createTempFile(dir, "cmd-", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " exited with " + p.exitValue() + ": "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private void recordStart() {
        String marker = System.getenv("LANTAARN_POSTGRES_STARTS");
        if (marker == null || marker.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "started postgresql on port " + port + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"), true);
        } catch (RuntimeException e) {
            // best effort at JVM exit
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
