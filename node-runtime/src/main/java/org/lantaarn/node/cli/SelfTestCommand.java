package org.lantaarn.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.Violation;
import org.lantaarn.node.selftest.Check;
import org.lantaarn.node.selftest.SelfTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code selftest}: the technician's checklist. Exit codes: 0 every line passed (warnings allowed), 1 invalid
 * configuration, 3 at least one line failed.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Opens and reads every sensor once, connects to the broker, checks the clock and the disk; prints a checklist.")
final class SelfTestCommand implements Callable<Integer> {
    /** Exit code: at least one check failed. */
    static final int FAILED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node configuration (lantaarn.config/1).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".", description = "Where the node keeps its outbox (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--json", description = "Print the checklist as JSON.")
    boolean json;

    @Option(names = "--sensor-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long to wait for each sensor to open and give its first reading: 3s, 1500ms, or seconds (default: ${DEFAULT-VALUE}).")
    String sensorTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigResult result = ConfigLoader.load(config);
        if (result instanceof ConfigResult.Invalid(var violations)) {
            err.println("lantaarn-node: " + config + " is not a valid configuration:");
            for (Violation v : violations) {
                err.println("  " + v);
            }
            err.flush();
            return NodeCli.INVALID_CONFIG;
        }
        var nodeConfig = ((ConfigResult.Valid) result).config();
        java.time.Duration timeout = sensorTimeout(sensorTimeout);
        if (timeout == null) {
            err.println("lantaarn-node: --sensor-timeout must be a duration from 1s to 10m such as 3s, 1500ms or 5: " + sensorTimeout);
            err.flush();
            return NodeCli.USAGE;
        }
        List<Check> checks = SelfTest.builder(nodeConfig).dataDir(dataDir)
                .sensorTimeout(timeout).build().run();
        boolean passed = SelfTest.passed(checks);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(new Report(nodeConfig.node(), passed,
                    checks.stream().map(c -> new Line(c.name(), c.value(), c.verdict().name())).toList())));
        } else {
            out.println("Self-test of node " + nodeConfig.node() + " (" + config + ")");
            for (Check c : checks) {
                out.printf("  %-4s  %s: %s%n", c.verdict(), c.name(), c.value());
            }
            long failed = checks.stream().filter(c -> c.verdict() == Check.Verdict.FAIL).count();
            out.println(passed ? "PASSED: every check passed." : "FAILED: " + failed + " of " + checks.size() + " checks failed.");
        }
        out.flush();
        return passed ? 0 : FAILED;
    }

    /** {@code 3s}, {@code 1500ms}, {@code 5} (seconds) or {@code 2.5} (seconds), from 1 s to 10 min; null otherwise. */
    static java.time.Duration sensorTimeout(String text) {
        java.time.Duration d = org.lantaarn.config.Durations.parse(text);
        if (d == null) {
            try {
                double seconds = Double.parseDouble(text.strip());
                d = Double.isFinite(seconds) && seconds > 0 && seconds < 1e6 ? java.time.Duration.ofMillis(Math.round(seconds * 1000)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return d == null || d.compareTo(java.time.Duration.ofSeconds(1)) < 0 || d.compareTo(java.time.Duration.ofMinutes(10)) > 0 ? null : d;
    }

    record Report(String node, boolean passed, List<Line> checks) {}

    record Line(String check, String value, String verdict) {}
}
