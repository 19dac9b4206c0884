package org.lantaarn.node.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.uplink.mqtt.BrokerProbe;

/**
 * Runs the checklist a technician needs on the ladder: for each stream, the sensor opens and gives one
 * reading inside its plausible range (an event sensor, motion or rain, passes once it opens: nobody may
 * walk by); the broker accepts the node; the clock is synchronised and not behind the newest record in the
 * outbox; the outbox's disk has room for the outbox's limit. Build with {@link #builder(NodeConfig)}.
 */
public final class SelfTest {
    /** Plausible ranges of the values drivers deliver, by value name: the sensors' physical ranges. */
    static final Map<String, double[]> PLAUSIBLE = Map.of(
            "temperature", new double[] {-40, 85},
            "humidity", new double[] {0, 100},
            "pressure", new double[] {30_000, 110_000},
            "pm2_5", new double[] {0, 1000},
            "pm10", new double[] {0, 1000},
            "LAeq1s", new double[] {10, 140},
            "LAFmax1s", new double[] {10, 140},
            "level", new double[] {0, 1});

    private final NodeConfig config;
    private final Path dataDir;
    private final List<SensorDriverProvider> providers;
    private final Clock clock;
    private final Duration sensorTimeout;
    private final ClockSync clockSync;
    private final BiFunction<NodeConfig, Duration, Optional<String>> broker;

    private SelfTest(Builder b) {
        this.config = b.config;
        this.dataDir = b.dataDir;
        this.providers = b.providers != null ? b.providers
                : ServiceLoader.load(SensorDriverProvider.class, SelfTest.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
        this.clock = b.clock;
        this.sensorTimeout = b.sensorTimeout;
        this.clockSync = b.clockSync;
        this.broker = b.broker;
    }

    public static Builder builder(NodeConfig config) {
        return new Builder(config);
    }

    /** Every check, in checklist order. */
    public List<Check> run() {
        List<Check> checks = new ArrayList<>(sensors());
        checks.add(broker());
        checks.add(clockSynchronised());
        checks.add(clockAfterOutbox());
        checks.add(disk());
        return checks;
    }

    public static boolean passed(List<Check> checks) {
        return checks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL);
    }

    // ---------------------------------------------------------------- sensors

    private record Opened(StreamConfig stream, String name, SensorDriver driver, CompletableFuture<String> first, String failure) {}

    private List<Check> sensors() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("lantaarn-selftest").daemon(true).factory());
        List<Opened> opened = new ArrayList<>();
        try {
            for (StreamConfig s : config.streams()) {
                opened.add(open(s, scheduler));
            }
            Instant deadline = clock.instant().plus(sensorTimeout);
            List<Check> checks = new ArrayList<>();
            for (Opened o : opened) {
                checks.add(judge(o, deadline));
            }
            return checks;
        } finally {
            for (Opened o : opened) {
                if (o.driver() != null) {
                    try {
                        o.driver().close();
                    } catch (RuntimeException e) {
                        // closing is best effort here
                    }
                }
            }
            scheduler.shutdownNow();
        }
    }

    private Opened open(StreamConfig s, ScheduledExecutorService scheduler) {
        List<SensorDriverProvider> matching = providers.stream().filter(p -> s.sensor().equals(p.sensor()))
                .filter(p -> s.driver() == null ? p.isDefaultForSensor() : s.driver().equals(p.driver())).toList();
        String name = "sensor " + s.id() + " (" + s.sensor() + "/" + (s.driver() == null ? "default" : s.driver()) + ")";
        if (matching.isEmpty()) {
            return new Opened(s, name, null, null, "sensor-absent: no driver '" + (s.driver() == null ? "default" : s.driver()) + "' installed");
        }
        SensorDriverProvider p = matching.getFirst();
        name = "sensor " + s.id() + " (" + s.sensor() + "/" + p.driver() + ")";
        try {
            SensorDriver d = p.open(withOpenTimeout(s), new DriverContext(config.node(), Clock.systemUTC(), scheduler));
            CompletableFuture<String> first = new CompletableFuture<>();
            d.start(new FirstReading(d.descriptor(), first));
            return new Opened(s, name, d, first, null);
        } catch (SensorException | RuntimeException e) {
            return new Opened(s, name, null, null, "sensor-absent: " + e.getMessage());
        }
    }

    /** Sensor kinds whose drivers open a device path and take {@code openTimeout}. */
    private static final java.util.Set<String> DEVICE_PATH_SENSORS = java.util.Set.of("particulates", "sound-level", "wifi-presence");

    /**
     * The stream with an open timeout of half the sensor timeout (at least 1 s) unless it sets its own, so that a device
     * that never opens is reported as such ({@code sensor-absent: open timed out after ...}) before the check gives up.
     */
    private StreamConfig withOpenTimeout(StreamConfig s) {
        if (s.settings().containsKey(org.lantaarn.node.sensor.Settings.OPEN_TIMEOUT) || !DEVICE_PATH_SENSORS.contains(s.sensor())) {
            return s;
        }
        Duration half = sensorTimeout.dividedBy(2);
        Duration open = half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
        Map<String, String> settings = new java.util.HashMap<>(s.settings());
        settings.put(org.lantaarn.node.sensor.Settings.OPEN_TIMEOUT, org.lantaarn.config.Durations.format(open));
        return new StreamConfig(s.id(), s.sensor(), s.driver(), s.window(), s.interval(), settings, s.privacy(), s.schedule());
    }

    private Check judge(Opened o, Instant deadline) {
        if (o.failure() != null) {
            return Check.fail(o.name(), o.failure());
        }
        long waitMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
        try {
            String reading = o.first().get(waitMillis, TimeUnit.MILLISECONDS);
            return reading.startsWith("FAULT ") || reading.startsWith("IMPLAUSIBLE ")
                    ? Check.fail(o.name(), reading) : Check.pass(o.name(), reading);
        } catch (TimeoutException e) {
            SensorDescriptor d = o.driver().descriptor();
            if (!d.personValues().isEmpty() || d.aggregation() == SensorDescriptor.Aggregation.COUNTER) {
                return Check.pass(o.name(), "opened; no events in " + seconds(sensorTimeout) + " (nobody passed)");
            }
            return Check.fail(o.name(), "opened, but no reading within " + seconds(sensorTimeout));
        } catch (ExecutionException e) {
            return Check.fail(o.name(), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(o.name(), "interrupted");
        }
    }

    /** Completes with the first thing the driver delivers, judged against the plausible ranges. */
    private record FirstReading(SensorDescriptor descriptor, CompletableFuture<String> first) implements SampleSink {
        @Override
        public void sample(Instant at, Map<String, Double> values) {
            StringBuilder shown = new StringBuilder();
            String implausible = null;
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(values).entrySet()) {
                String unit = descriptor.units().getOrDefault(e.getKey(), "");
                if (!shown.isEmpty()) {
                    shown.append(", ");
                }
                shown.append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", e.getValue()))
                        .append(unit.isEmpty() ? "" : " " + unit);
                double[] range = PLAUSIBLE.get(e.getKey());
                if (e.getValue() == null || !Double.isFinite(e.getValue())
                        || (range != null && (e.getValue() < range[0] || e.getValue() > range[1]))) {
                    implausible = e.getKey();
                }
            }
            first.complete(implausible == null ? shown.toString() : "IMPLAUSIBLE " + implausible + ": " + shown);
        }

        @Override
        public void event(Instant at, String name, long count) {
            first.complete(count + " " + name);
        }

        @Override
        public void fault(Instant at, String reason) {
            first.complete("FAULT " + reason);
        }

        @Override
        public void condition(Instant at, String flag) {
            if (flag != null) {
                first.complete("FAULT " + flag);
            }
        }
    }

    // ---------------------------------------------------------------- broker, clock, disk

    private Check broker() {
        String name = "broker " + config.uplink().broker() + " accepts node " + config.node();
        Optional<String> error = broker.apply(config, Duration.ofSeconds(10));
        return error.map(e -> Check.fail(name, "refused or unreachable: " + e)).orElseGet(() -> Check.pass(name, "connected"));
    }

    private Check clockSynchronised() {
        String name = "clock synchronised (NTP)";
        Optional<Boolean> s = clockSync.synchronised();
        if (s.isEmpty()) {
            return Check.warn(name, "unknown: timedatectl is not available; check the time by hand: " + clock.instant());
        }
        return s.get() ? Check.pass(name, "yes, " + clock.instant()) : Check.fail(name, "no: windows would carry wrong times");
    }

    private Check clockAfterOutbox() {
        String name = "clock not behind the outbox";
        if (!Files.exists(dataDir.resolve(Outbox.FILE_NAME))) {
            return Check.pass(name, "no outbox yet in " + dataDir);
        }
        try (Outbox outbox = Outbox.open(dataDir, clock, config.node() + "-selftest")) {
            long last = outbox.lastSeq();
            List<OutboxRow> rows = last > 0 ? outbox.after(last - 1, 1) : List.of();
            if (rows.isEmpty()) {
                return Check.pass(name, "outbox empty (last seq " + last + ")");
            }
            Instant newest = rows.getFirst().createdAt();
            Instant now = clock.instant();
            return now.isBefore(newest)
                    ? Check.fail(name, "now " + now + " is before the newest record, " + newest)
                    : Check.pass(name, "now " + now + ", newest record " + newest);
        } catch (RuntimeException e) {
            return Check.fail(name, "cannot read the outbox: " + e.getMessage());
        }
    }

    private Check disk() {
        long need = config.uplink().outbox().maxBytes();
        String name = "free disk for the outbox";
        try {
            Path p = dataDir.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return Check.fail(name, "no such directory: " + dataDir);
            }
            long free = Files.getFileStore(p).getUsableSpace();
            String value = String.format(java.util.Locale.ROOT, "%d MB free in %s, the outbox may use %d MB", free >> 20, p, need >> 20);
            return free >= need ? Check.pass(name, value) : Check.fail(name, value);
        } catch (IOException e) {
            return Check.fail(name, "cannot read the file system: " + e.getMessage());
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    /** A self-test. Defaults: drivers from {@link ServiceLoader}, data dir {@code .}, system clock, 5 s per sensor, timedatectl, a real MQTT connect. */
    public static final class Builder {
        private final NodeConfig config;
        private Path dataDir = Path.of(".");
        private List<SensorDriverProvider> providers;
        private Clock clock = Clock.systemUTC();
        private Duration sensorTimeout = Duration.ofSeconds(5);
        private ClockSync clockSync = ClockSync.timedatectl();
        private BiFunction<NodeConfig, Duration, Optional<String>> broker = BrokerProbe::connect;

        private Builder(NodeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder providers(List<SensorDriverProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long to wait for each sensor's first reading (they are read at the same time). */
        public Builder sensorTimeout(Duration timeout) {
            this.sensorTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder clockSync(ClockSync clockSync) {
            this.clockSync = Objects.requireNonNull(clockSync, "clockSync");
            return this;
        }

        public SelfTest build() {
            return new SelfTest(this);
        }
    }
}
