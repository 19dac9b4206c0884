package org.lantaarn.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.aggregate.HumidityBoard;
import org.lantaarn.node.clock.ClockStepDetector;
import org.lantaarn.node.clock.ClockSync;
import org.lantaarn.node.health.HealthReporter;
import org.lantaarn.node.health.StreamMonitor;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.outbox.OutboxStats;
import org.lantaarn.node.privacy.DisclosureGate;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.uplink.Backoff;
import org.lantaarn.node.uplink.DeliveryPolicy;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.node.uplink.UplinkFactory;
import org.lantaarn.node.uplink.mqtt.MqttUplink;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: its drivers, windows, aggregates, privacy guard, outbox, uplink and health, wired from a
 * {@link NodeConfig}. Every message it publishes passes its one {@link DisclosureGate}: observations and gaps before
 * the outbox, the birth, health and config acks before the uplink. Build with {@link #builder()}, then {@link #start()}; {@link #close()} stops it
 * gracefully (drivers stop, the open window is dropped, a retained offline status is published, the
 * connection is closed normally and the outbox file is closed).
 *
 * <p>Many runtimes can live in one JVM: nothing static is mutable. A runtime owns two virtual threads
 * (outbox writer and uplink), Paho's threads for its connection (or tasks on a shared
 * {@link Builder#ioExecutor}), and, unless a shared one is given, one scheduler thread.
 *
 * <p>{@link #start()} and {@link #close()} are called by the owner's thread; the accessors are thread-safe.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** This runtime's version, as announced in the status birth. */
    public static final String VERSION = org.lantaarn.config.cli.ReleaseVersion.VALUE;

    private final NodeConfig config;
    private final Path dataDir;
    private final String configHash;
    private final Clock clock;
    private final Duration healthInterval;
    private final List<SensorDriverProvider> providers;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ScheduledExecutorService ioExecutor;
    private final UplinkFactory uplinkFactory;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final java.util.function.Consumer<byte[]> configListener;
    private final DeliveryPolicy delivery;
    private final ClockSync clockSync;
    private final java.util.function.LongSupplier monotonicNanos;

    private final AtomicLong lastSeq = new AtomicLong();
    private final List<StreamPipeline> pipelines = new ArrayList<>();
    private final HumidityBoard humidity = new HumidityBoard();
    private final DisclosureGate gate = new DisclosureGate(this::undeclared);
    private Outbox outbox;
    private Uplink uplink;
    private HealthReporter health;
    private Instant startedAt;
    private State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private NodeRuntime(Builder b) {
        this.config = b.config;
        this.dataDir = b.dataDir;
        this.configHash = b.configHash;
        this.clock = b.clock;
        this.healthInterval = b.healthInterval;
        this.providers = b.providers != null ? List.copyOf(b.providers)
                : ServiceLoader.load(SensorDriverProvider.class, NodeRuntime.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList();
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("lantaarn-node-" + config.node()).daemon(true).factory());
        this.ioExecutor = b.ioExecutor;
        this.uplinkFactory = b.uplinkFactory;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.configListener = b.configListener;
        this.delivery = b.delivery;
        boolean systemClock = b.clock.equals(Clock.systemUTC());
        this.clockSync = b.clockSync != null ? b.clockSync
                : systemClock ? ClockSync.timedatectl() : ClockSync.fixed(ClockSync.State.UNKNOWN);
        this.monotonicNanos = b.monotonicNanos != null ? b.monotonicNanos
                : systemClock ? System::nanoTime : () -> b.clock.millis() * 1_000_000L;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the outbox, opens and starts every stream's driver (a stream whose sensor is absent reports
     * {@code sensor-absent} and the rest runs), starts the uplink and the health reports.
     *
     * @throws org.lantaarn.node.outbox.OutboxException when the outbox cannot be opened
     * @throws NodeException when the uplink settings cannot work (for example TLS, not supported yet)
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("node runtime " + config.node() + " is " + state.name().toLowerCase() + ", not new");
        }
        state = State.RUNNING;
        startedAt = clock.instant();
        try {
            outbox = Outbox.open(dataDir, clock, config.node(), config.uplink().outbox(), Outbox.DEFAULT_MEMORY_ROWS);
            lastSeq.set(outbox.lastSeq());
            Backoff backoff = new Backoff(backoffInitial, backoffMax, new Random());
            uplink = new GatedUplink(uplinkFactory.create(new UplinkContext(config, outbox, this::birth, clock, scheduler, backoff,
                    ioExecutor, delivery, configListener)), gate);
            for (StreamConfig s : config.streams()) {
                StreamPipeline p = new StreamPipeline(config, s, clock, outbox, this::stored, humidity, clockSync,
                        new ClockStepDetector(clock, monotonicNanos, Duration.ofSeconds(1)), gate);
                pipelines.add(p);
                p.start(providers, clock, scheduler);
            }
            uplink.start();
            health = new HealthReporter(config.node(), clock, startedAt, outbox, monitors(), uplink, scheduler, healthInterval);
            health.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("node {}: started with {} streams, data in {}", config.node(), pipelines.size(), dataDir);
    }

    private void stored(long seq) {
        // gap records written with the row (the outbox dropped windows to stay within its limits) take seqs too
        lastSeq.accumulateAndGet(Math.max(seq, outbox.lastAssignedSeq()), Math::max);
        Uplink u = uplink;
        if (u != null) {
            u.outboxChanged();
        }
    }

    private List<StreamMonitor> monitors() {
        return pipelines.stream().map(StreamPipeline::monitor).toList();
    }

    /** The online status announced on every connect, through the disclosure gate. */
    Status birth() {
        List<StreamInfo> streams = pipelines.stream().map(StreamPipeline::info).toList();
        return gate.release(new Status(config.node(), Status.State.ONLINE, clock.instant(), VERSION, config.version(), configHash,
                config.site(), config.location(), streams));
    }

    /** A value the gate dropped for want of a declaration: a fault of its stream. */
    private void undeclared(String stream, String value) {
        for (StreamPipeline p : List.copyOf(pipelines)) {
            if (p.id().equals(stream)) {
                p.undeclared(value);
            }
        }
    }

    /** Stops gracefully; idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (health != null) {
            health.close();
        }
        for (StreamPipeline p : pipelines) {
            p.close();
        }
        if (uplink != null) {
            uplink.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("node {}: stopped", config.node());
    }

    // ---------------------------------------------------------------- what tests, the simulator and the CLI see

    public NodeConfig config() {
        return config;
    }

    public String node() {
        return config.node();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Outbox figures now (waits briefly for the outbox's writer thread). */
    public OutboxStats outbox() {
        requireStarted();
        return outbox.stats();
    }

    /** The last seq stored in the outbox, 0 before the first; does not touch the disk. */
    public long lastRecordedSeq() {
        return lastSeq.get();
    }

    public boolean uplinkConnected() {
        Uplink u = uplink;
        return u != null && u.isConnected();
    }

    /** The uplink's transport (behind the disclosure gate), for tests and tools that need to look at it. */
    public Uplink uplink() {
        requireStarted();
        return uplink instanceof GatedUplink g ? g.transport() : uplink;
    }

    /**
     * Publishes a configuration acknowledgement through the disclosure gate.
     *
     * @return false when not connected, so the caller must try again later
     */
    public boolean publishConfigAck(org.lantaarn.protocol.ConfigAck ack) {
        requireStarted();
        return uplink.publishConfigAck(ack);
    }

    /**
     * How many samples, events and device sightings stream {@code stream}'s driver has delivered since start: for
     * tests and the local operator, never published (for a person stream it counts people).
     */
    public long delivered(String stream) {
        requireStarted();
        return pipelines.stream().filter(p -> p.id().equals(stream)).mapToLong(p -> p.monitor().delivered()).sum();
    }

    /** The health report as it would be sent now (does not start a new reporting period). */
    public Health health() {
        requireStarted();
        return health.report(outbox.stats(), false);
    }

    private void requireStarted() {
        if (outbox == null) {
            throw new IllegalStateException("node runtime " + config.node() + " has not been started");
        }
    }


    /**
     * Builds a {@link NodeRuntime}. Required: {@link #config} and {@link #dataDir}. Defaults: the system
     * UTC clock, health every 60 s, drivers from {@link ServiceLoader}, a scheduler thread of the runtime's
     * own, Paho's own I/O threads, the MQTT uplink, reconnect backoff 1 s doubling to 60 s.
     */
    public static final class Builder {
        private NodeConfig config;
        private Path dataDir;
        private String configHash;
        private Clock clock = Clock.systemUTC();
        private Duration healthInterval = Duration.ofSeconds(60);
        private List<SensorDriverProvider> providers;
        private ScheduledExecutorService scheduler;
        private ScheduledExecutorService ioExecutor;
        private UplinkFactory uplinkFactory = MqttUplink::new;
        private Duration backoffInitial = Backoff.DEFAULT_INITIAL;
        private Duration backoffMax = Backoff.DEFAULT_MAX;
        private java.util.function.Consumer<byte[]> configListener;
        private DeliveryPolicy delivery = DeliveryPolicy.defaults();
        private ClockSync clockSync;
        private java.util.function.LongSupplier monotonicNanos;

        private Builder() {}

        /**
         * Receives every payload on the node's retained {@code config} topic (see {@code org.lantaarn.node.control});
         * default none: the uplink does not subscribe to it.
         */
        public Builder configListener(java.util.function.Consumer<byte[]> listener) {
            this.configListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Says whether the wall clock is synchronised; windows closed while it is not are flagged {@code clock-unsynced}.
         * Default: {@link ClockSync#timedatectl()} with the system clock, "unknown" (no flag) with an injected clock.
         */
        public Builder clockSync(ClockSync clockSync) {
            this.clockSync = Objects.requireNonNull(clockSync, "clockSync");
            return this;
        }

        /**
         * A clock that never steps, against which steps of the wall clock are noticed (windows across a step are flagged
         * {@code clock-step}). Default: {@link System#nanoTime()} with the system clock; with an injected clock, time
         * derived from that clock (so no step is ever noticed unless a test gives both).
         */
        public Builder monotonicNanos(java.util.function.LongSupplier monotonicNanos) {
            this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
            return this;
        }

        /** How fast the outbox drains and when unreceipted rows are sent again; default {@link DeliveryPolicy#defaults()}. */
        public Builder delivery(DeliveryPolicy delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /** The node configuration (required). */
        public Builder config(NodeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where the node keeps {@code outbox.db} (required; created when missing). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The sha256 (lower-case hex) of the configuration document, announced in the birth; default none. */
        public Builder configHash(String sha256) {
            if (sha256 != null && !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("configHash must be 64 lower-case hex digits: " + sha256);
            }
            this.configHash = sha256;
            return this;
        }

        /** The clock every timestamp and window comes from; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often health is reported; default 60 s. */
        public Builder healthInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("healthInterval must be positive: " + interval);
            }
            this.healthInterval = interval;
            return this;
        }

        /** The driver providers to choose from; default those found by {@link ServiceLoader}. */
        public Builder providers(List<SensorDriverProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        /**
         * A scheduler shared with other runtimes (windows, health, polled drivers); the runtime never
         * blocks it and does not shut it down. Default: one thread of its own, shut down on close.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Where the MQTT client runs its blocking network tasks (three per connection, held for the
         * connection's life) and its keep-alive pings; default: Paho's own threads. Not shut down by the runtime.
         */
        public Builder ioExecutor(ScheduledExecutorService ioExecutor) {
            this.ioExecutor = Objects.requireNonNull(ioExecutor, "ioExecutor");
            return this;
        }

        /** How the uplink is made; default the MQTT 5 uplink. */
        public Builder uplink(UplinkFactory factory) {
            this.uplinkFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Reconnect backoff: first ceiling and cap; default 1 s and 60 s. */
        public Builder backoff(Duration initial, Duration max) {
            new Backoff(initial, max, new Random(0)); // validates
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        public NodeRuntime build() {
            if (config == null) {
                throw new IllegalStateException("NodeRuntime.builder(): config is required");
            }
            if (dataDir == null) {
                throw new IllegalStateException("NodeRuntime.builder(): dataDir is required");
            }
            return new NodeRuntime(this);
        }
    }
}
