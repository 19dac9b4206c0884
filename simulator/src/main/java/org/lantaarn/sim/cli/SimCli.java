package org.lantaarn.sim.cli;

import org.lantaarn.config.cli.ReleaseVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lantaarn.config.Durations;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.sim.DemoCity;
import org.lantaarn.sim.Simulation;
import org.lantaarn.sim.city.Street;
import org.lantaarn.sim.city.VirtualCity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lantaarn-sim}: simulated lampposts running real node runtimes, and the demo. */
@Command(name = "lantaarn-sim", mixinStandardHelpOptions = true, versionProvider = ReleaseVersion.class,
        description = "Runs simulated lampposts: real node runtimes fed by virtual sensors.",
        subcommands = {SimCli.Run.class, SimCli.Demo.class})
public final class SimCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that capture its output. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SimCli());
        cl.registerConverter(Duration.class, SimCli::duration);
        return cl;
    }

    private static Duration duration(String text) {
        Duration d = Durations.parse(text);
        if (d == null || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 5s, 1m, 10m or 1h");
        }
        return d;
    }

    /** Blocks until Ctrl-C or SIGTERM (or {@code limit}, when given), then runs {@code stop}. */
    static void runUntilStopped(Duration limit, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lantaarn-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (limit == null) {
                stopped.await();
            } else {
                stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            stop.run();
            done.countDown();
        }
        if (stopped.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** Options every simulation command takes: the window length and how long to run. */
    static final class Timing {
        @Option(names = "--window", defaultValue = "5s", description = "Window length (default ${DEFAULT-VALUE})")
        Duration window;

        @Option(names = "--duration", description = "Stop after this long (default: run until Ctrl-C)")
        Duration duration;
    }

    private static void requirePositive(CommandLine.Model.CommandSpec spec, int nodes) {
        if (nodes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be at least 1: " + nodes);
        }
    }

    /** {@code lantaarn-sim run}: N simulated nodes against a broker. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs N simulated lampposts along the Hinthamerstraat in 's-Hertogenbosch, each a real node "
                    + "runtime with its own MQTT session and outbox, publishing to the given broker.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--broker", required = true, description = "Broker URI, e.g. tcp://127.0.0.1:1883")
        String broker;

        @Option(names = "--nodes", defaultValue = "10", description = "Number of nodes (default ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--data-dir", defaultValue = "data/sim", description = "Where the nodes keep their outboxes (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Mixin
        Timing timing;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            requirePositive(spec, nodes);
            Duration window = timing.window;
            Duration duration = timing.duration;
            Map<String, String> docs = VirtualCity.documents(Street.hinthamerstraat(), nodes, broker, window);
            Simulation sim = Simulation.start(docs, dataDir, Clock.systemUTC());
            out.printf("lantaarn-sim: %d simulated nodes publishing to %s with a %s window; outboxes in %s%n",
                    nodes, broker, Durations.format(window), dataDir.toAbsolutePath());
            out.println(duration == null ? "lantaarn-sim: running until Ctrl-C" : "lantaarn-sim: running for " + Durations.format(duration));
            out.flush();
            runUntilStopped(duration, () -> {
                long recorded = sim.runtimes().stream().mapToLong(NodeRuntime::lastRecordedSeq).sum();
                long depth = sim.runtimes().stream().mapToLong(r -> r.outbox().depth()).sum();
                sim.close();
                out.printf("lantaarn-sim: stopped; %d windows recorded, %d not yet receipted by a gateway%n", recorded, depth);
                out.flush();
            });
            return 0;
        }
    }

    /** {@code lantaarn-sim demo}: embedded broker, gateway and 20 nodes. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Starts an embedded MQTT broker, the gateway with its HTTP API, and simulated lampposts along "
                    + "the Hinthamerstraat in 's-Hertogenbosch. Ctrl-C stops everything.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port of the embedded broker (default ${DEFAULT-VALUE})")
        int mqttPort;

        @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port of the gateway API (default ${DEFAULT-VALUE})")
        int httpPort;

        @Option(names = "--nodes", defaultValue = "20", description = "Number of simulated nodes (default ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--data-dir", defaultValue = "data/demo", description = "Where the demo keeps its data (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Mixin
        Timing timing;

        @Option(names = "--day", defaultValue = "24m",
                description = "Real time for one day of the street's scenario: market morning, cloudburst, evening event (default ${DEFAULT-VALUE})")
        Duration day;

        @Option(names = "--start-hour", defaultValue = "7", description = "Hour of the scenario's day at start (default ${DEFAULT-VALUE})")
        double startHour;

        @Option(names = "--tile-url", description = "Map tiles for the console, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                + "(default: none; the console draws the street from its GeoJSON and needs no internet)")
        String tileUrl;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            requirePositive(spec, nodes);
            Duration window = timing.window;
            Duration duration = timing.duration;
            DemoCity city = DemoCity.start(new DemoCity.Options(mqttPort, httpPort, nodes, dataDir, window, day, startHour, tileUrl));
            Gateway gateway = city.gateway();
            int mqtt = java.net.URI.create(gateway.mqttUri()).getPort();
            out.printf("""
                    Lantaarn console: %s
                    Lantaarn demo started.
                      viewer token            %s
                      operator token          %s
                      MQTT broker (embedded)  %s
                      gateway HTTP API        http://localhost:%d/api/v1/nodes (demo: reads open on loopback, changes need the operator token)
                      metrics                 http://localhost:%d/metrics
                      simulated nodes         %d along the Hinthamerstraat, 's-Hertogenbosch, %s windows; one scenario day every %s
                      data                    %s
                    Try:
                      mosquitto_sub -p %d -t 'lantaarn/v1/twin/#' -v
                      curl -s localhost:%d/api/v1/nodes
                    Ctrl-C stops everything.
                    """, city.consoleUrl(), city.viewer(), city.operator(), gateway.mqttUri(), gateway.httpPort(),
                    gateway.httpPort(), nodes, Durations.format(window), Durations.format(day), dataDir.toAbsolutePath(),
                    mqtt, gateway.httpPort());
            out.flush();
            runUntilStopped(duration, () -> {
                city.close();
                out.println("Lantaarn demo stopped.");
                out.flush();
            });
            return 0;
        }
    }
}
