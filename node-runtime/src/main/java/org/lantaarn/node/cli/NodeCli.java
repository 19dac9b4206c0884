package org.lantaarn.node.cli;

import org.lantaarn.config.cli.ReleaseVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.Durations;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.Violation;
import org.lantaarn.node.NodeException;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.uplink.DeliveryPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code lantaarn-node} command line. {@code lantaarn-node run --config FILE --data-dir DIR} loads and
 * validates the configuration, starts the node and runs until SIGTERM or Ctrl-C, then stops it gracefully.
 * Exit codes: 0 ok, 1 invalid configuration (every violation is printed) or a node that cannot start, 2 usage.
 */
@Command(name = "lantaarn-node", mixinStandardHelpOptions = true, versionProvider = ReleaseVersion.class,
        description = "The Lantaarn node runtime: measures, aggregates, protects and sends what a lamppost node senses.",
        subcommands = {NodeCli.Run.class, ProvisionCommand.class, SelfTestCommand.class, PrivacyStatementCommand.class})
public final class NodeCli implements Runnable {
    /** Exit code: the configuration is invalid. */
    public static final int INVALID_CONFIG = 1;
    /** Exit code: the command line is wrong. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and launchers). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The picocli command line, to run with other output streams. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new NodeCli());
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : 1);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run");
    }

    /** {@code run}: start the node and keep it running. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Starts the node described by the configuration and runs until SIGTERM or Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node configuration (lantaarn.config/1, YAML or JSON).")
        Path config;

        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Where the node keeps its outbox.")
        Path dataDir;

        @Option(names = "--operator-keys", paramLabel = "FILE|DIR",
                description = "Operator public key(s) to accept signed configurations from; without it remote configuration is off.")
        Path operatorKeys;

        @Option(names = "--resend-after", paramLabel = "DURATION", defaultValue = "60s",
                description = "Send unreceipted rows again after this long without a receipt (default: ${DEFAULT-VALUE}).")
        String resendAfter;

        @Option(names = "--publish-rate", paramLabel = "N", defaultValue = "100",
                description = "Most outbox rows published per second while a backlog drains (default: ${DEFAULT-VALUE}).")
        double publishRate;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConfigResult result = ConfigLoader.load(config);
            return switch (result) {
                case ConfigResult.Invalid(var violations) -> {
                    err.println("lantaarn-node: " + config + " is not a valid configuration:");
                    for (Violation v : violations) {
                        err.println("  " + v);
                    }
                    err.flush();
                    yield INVALID_CONFIG;
                }
                case ConfigResult.Valid(var nodeConfig, var sha256) -> {
                    DeliveryPolicy delivery;
                    try {
                        java.time.Duration resend = Durations.parse(resendAfter);
                        if (resend == null) {
                            throw new IllegalArgumentException("not a duration such as 30s or 500ms: " + resendAfter);
                        }
                        delivery = new DeliveryPolicy(resend, publishRate);
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--resend-after/--publish-rate: " + e.getMessage());
                    }
                    AutoCloseable runtime;
                    Runnable starter;
                    try {
                        if (operatorKeys != null) {
                            var managed = org.lantaarn.node.control.ManagedNode.builder().config(nodeConfig, sha256).dataDir(dataDir)
                                    .configDir(config.toAbsolutePath().normalize().getParent())
                                    .trustedKeys(org.lantaarn.config.signing.TrustedKeys.load(operatorKeys))
                                    .runtime(b -> b.delivery(delivery)).build();
                            runtime = managed;
                            starter = managed::start;
                        } else {
                            NodeRuntime plain = NodeRuntime.builder().config(nodeConfig).configHash(sha256).dataDir(dataDir)
                                    .delivery(delivery).build();
                            runtime = plain;
                            starter = plain::start;
                        }
                    } catch (org.lantaarn.config.pki.PkiException e) {
                        err.println("lantaarn-node: " + e.getMessage());
                        err.flush();
                        yield 1;
                    }
                    CountDownLatch stopped = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            runtime.close();
                        } catch (Exception e) {
                            err.println("lantaarn-node: stopping: " + e);
                        }
                        stopped.countDown();
                    }, "lantaarn-node-shutdown"));
                    try {
                        starter.run();
                    } catch (NodeException e) {
                        err.println("lantaarn-node: cannot start node " + nodeConfig.node() + ": " + e.getMessage());
                        err.flush();
                        yield 1;
                    }
                    out.println("lantaarn-node: started node " + nodeConfig.node() + " (site " + nodeConfig.site() + ", config v"
                            + nodeConfig.version() + ") to broker " + nodeConfig.uplink().broker() + " with streams "
                            + nodeConfig.streams().stream().map(StreamConfig::id).toList() + ", data in " + dataDir.toAbsolutePath());
                    out.flush();
                    stopped.await();
                    yield 0;
                }
            };
        }
    }

}
