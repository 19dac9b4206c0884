package org.lantaarn.gateway.cli;

import org.lantaarn.config.cli.ReleaseVersion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.GatewayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code lantaarn-gateway} command. The only class of the gateway that writes to {@code System.out}. */
@Command(name = "lantaarn-gateway", mixinStandardHelpOptions = true, versionProvider = ReleaseVersion.class,
        description = "Lantaarn gateway: validates, deduplicates and stores what nodes send, feeds the twin, serves the API.",
        subcommands = {GatewayCli.Run.class, TokenCommand.class, AuditCommand.class, BrokerConfigCommand.class})
public final class GatewayCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, for tests and other entry points. */
    public static CommandLine commandLine() {
        return new CommandLine(new GatewayCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code run --config FILE}: starts a gateway and runs until SIGTERM or Ctrl-C. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a gateway until SIGTERM or Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "gateway configuration (YAML)")
        Path config;

        @Option(names = "--tile-url", paramLabel = "URL", description = "map tiles for the console, an https URL template such as "
                + "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none; the console draws the site's streets itself)")
        String tileUrl;

        @Override
        public Integer call() {
            GatewayConfig cfg;
            try {
                cfg = GatewayConfig.load(config);
            } catch (GatewayException e) {
                System.err.println("lantaarn-gateway: " + e.getMessage());
                return 2;
            }
            Gateway gateway;
            try {
                gateway = Gateway.builder().config(cfg).tileUrl(tileUrl).build();
            } catch (GatewayException e) {
                System.err.println("lantaarn-gateway: " + e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }, "lantaarn-gateway-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                gateway.start();
            } catch (GatewayException e) {
                System.err.println("lantaarn-gateway: cannot start: " + e.getMessage());
                return 1;
            }
            System.out.println("lantaarn-gateway running");
            System.out.println("  MQTT broker: " + gateway.mqttUri() + (cfg.embeddedBroker()
                    ? " (embedded, listening on " + cfg.mqttHost() + ":" + gateway.embeddedBroker().port() + ")" : ""));
            System.out.println("  console:     " + gateway.httpBind() + "/");
            System.out.println("  HTTP API:    " + gateway.httpBind() + "/api/v1/nodes");
            System.out.println("  metrics:     " + gateway.httpBind() + "/metrics");
            System.out.println("  data dir:    " + cfg.dataDir().toAbsolutePath());
            System.out.println("Stop with Ctrl-C or SIGTERM.");
            System.out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
