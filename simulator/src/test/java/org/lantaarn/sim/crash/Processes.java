package org.lantaarn.sim.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node and gateway JVMs started from this test's class path, each with its output in a file. Every process started
 * here is stopped by {@link #close()}, also when the test fails.
 */
final class Processes implements AutoCloseable {
    private final Path logs;
    private final List<Process> started = new ArrayList<>();
    private int count;

    Processes(Path logs) {
        this.logs = logs;
    }

    /** {@code target/crash-logs/<test>}, emptied: the processes' output stays there after the test for a post-mortem. */
    static Path logDir(String test) {
        Path d = Path.of("target", "crash-logs", test);
        try {
            if (java.nio.file.Files.exists(d)) {
                try (var files = java.nio.file.Files.list(d)) {
                    for (Path f : files.toList()) {
                        java.nio.file.Files.delete(f);
                    }
                }
            }
            java.nio.file.Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** {@code java -cp <this class path> <mainClass> args...}. */
    Process java(String name, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED",
                mainClass));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + "-" + (++count) + ".log").toFile()).start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process node(Path config, Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return java("node", "org.lantaarn.node.cli.NodeCli", args.toArray(String[]::new));
    }

    Process gateway(Path config) {
        return java("gateway", "org.lantaarn.gateway.cli.GatewayCli", "run", "--config", config.toString());
    }

    /** SIGKILL, and wait until it is gone. */
    static void kill(Process p) {
        p.destroyForcibly();
        waitGone(p);
    }

    /** SIGTERM (a graceful stop), and wait until it is gone. */
    static void stop(Process p) {
        p.destroy();
        waitGone(p);
    }

    private static void waitGone(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                kill(p);
            }
        }
    }
}
