package org.lantaarn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * Done-when 3: the walk-through of docs/security.md, extracted from the page (the {@code sh} blocks marked for it), runs
 * as written in a fresh temporary directory, against a real Mosquitto, and ends with the node applying the pushed
 * configuration. The only change to the page's text: free ports in place of 8883 and 8443. The installed command
 * names ({@code lantaarn-config}, {@code lantaarn-node}, {@code lantaarn-gateway}) are small scripts that run the
 * commands' main classes from this test's class path, as the {@code ./lantaarn} launcher runs them from the
 * simulator's (so the {@code simulated} driver is there too). Each step's output is kept in
 * {@code target/walkthrough-logs/} for a post-mortem.
 */
@Tag("integration")
class SecurityWalkThroughTest {
    private static final Path PAGE = Path.of("..", "docs", "security.md");
    private static final Map<String, String> COMMANDS = Map.of(
            "lantaarn-config", "org.lantaarn.config.cli.ConfigCli",
            "lantaarn-node", "org.lantaarn.node.cli.NodeCli",
            "lantaarn-gateway", "org.lantaarn.gateway.cli.GatewayCli");
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    private final List<Process> background = new ArrayList<>();
    private Path work;
    private Path logs;
    private Path bin;
    private int count;

    @AfterEach
    void stopAndClean() throws IOException {
        for (Process p : background.reversed()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : background) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Test
    void the_walk_through_of_docs_security_md_runs_as_written_and_ends_with_the_node_applying_the_pushed_version() throws Exception {
        assertThat(MosquittoBroker.isInstalled()).as("mosquitto is installed").isTrue();
        String page = Files.readString(PAGE)
                .replaceAll("\\b8883\\b", Integer.toString(MosquittoBroker.freePort()))
                .replaceAll("\\b8443\\b", Integer.toString(MosquittoBroker.freePort()));
        DocWalkThrough walk = DocWalkThrough.parse(page);
        assertThat(walk.steps()).as("marked steps in docs/security.md").hasSizeGreaterThanOrEqualTo(10);
        assertThat(walk.steps().getLast().mode()).isEqualTo(DocWalkThrough.Mode.REPEAT);

        // fresh, and readable by the mosquitto user that a broker started as root runs as
        work = Files.createTempDirectory("lantaarn-walkthrough-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        logs = Files.createDirectories(Path.of("target", "walkthrough-logs"));
        try (var old = Files.list(logs)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        bin = Files.createDirectories(work.resolveSibling(work.getFileName() + "-bin"));
        writeShims();
        try {
            String last = null;
            for (DocWalkThrough.Step step : walk.steps()) {
                last = switch (step.mode()) {
                    case RUN -> run(step);
                    case BACKGROUND -> start(step);
                    case REPEAT -> repeat(step);
                };
            }
            JsonNode node = new ObjectMapper().readTree(last);
            assertThat(node.at("/rollout/state").asText()).isEqualTo("in-sync");
            assertThat(node.at("/rollout/lastAck/result").asText()).isEqualTo("applied");
            assertThat(node.at("/rollout/reportedVersion").asLong()).as("the node's birth after the swap").isEqualTo(2);
            assertThat(node.at("/configVersion").asLong()).isEqualTo(2);
        } finally {
            try (var files = Files.walk(bin)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private void writeShims() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        for (var e : COMMANDS.entrySet()) {
            Path shim = bin.resolve(e.getKey());
            Files.writeString(shim, """
                    #!/bin/sh
                    exec "%s" -cp "%s" -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \\
                        --enable-native-access=ALL-UNNAMED %s "$@"
                    """.formatted(java, cp, e.getValue()));
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private ProcessBuilder bash(DocWalkThrough.Step step, Path log) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", step.script()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return pb;
    }

    private Path log(DocWalkThrough.Step step) {
        return logs.resolve(String.format("%02d-line-%d.log", ++count, step.line()));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a step; it must exit 0 within the step timeout. Returns its output. */
    private String run(DocWalkThrough.Step step) throws Exception {
        Path log = log(step);
        Process p = bash(step, log).start();
        if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("docs/security.md line " + step.line() + " did not finish within " + STEP_TIMEOUT + ":\n" + step.script() + read(log));
        }
        if (p.exitValue() != 0) {
            fail("docs/security.md line " + step.line() + " exited " + p.exitValue() + ":\n" + step.script() + "--- output:\n" + read(log));
        }
        return read(log);
    }

    /** Starts a long-running step and waits until it is ready (its port accepts connections, or its output says so). */
    private String start(DocWalkThrough.Step step) throws Exception {
        Path log = log(step);
        Process p = bash(step, log).start();
        background.add(p);
        await().atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                fail("docs/security.md line " + step.line() + " exited " + p.exitValue() + " instead of running:\n" + step.script()
                        + "--- output:\n" + read(log));
            }
            return step.port() > 0 ? accepts(step.port()) : read(log).contains(step.until());
        });
        return read(log);
    }

    /** Runs a step again and again until its output contains the text it waits for. */
    private String repeat(DocWalkThrough.Step step) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            repeatUntil(step, last);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("docs/security.md line " + step.line() + " never printed " + step.until() + " within " + STEP_TIMEOUT
                    + "; last output:\n" + last.get());
        }
        count++;
        return last.get();
    }

    private void repeatUntil(DocWalkThrough.Step step, AtomicReference<String> last) {
        await().atMost(STEP_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Path log = logs.resolve(String.format("%02d-line-%d-repeat.log", count + 1, step.line()));
            Process p = bash(step, log).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            last.set(read(log));
            return p.exitValue() == 0 && last.get().contains(step.until());
        });
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
