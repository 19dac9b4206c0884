package org.lantaarn.node.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Rejection;
import org.lantaarn.protocol.SignedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node under remote configuration: it runs a {@link NodeRuntime} for the active configuration and takes
 * {@code lantaarn.signed-config/1} documents from the node's retained {@code config} topic.
 *
 * <p>A document is applied only when it is at most 64 KiB, is signed by a trusted operator key
 * ({@code unknown-key}, {@code bad-signature}), is for this node and validates ({@code invalid-document},
 * {@code too-large}), has a version above the active one ({@code replayed-version}) and its dry run passes
 * ({@code dry-run-failed}); otherwise it is nacked with that reason and the running configuration stays. An
 * accepted document replaces the runtime (close, then start one built from it, same data directory so the
 * outbox and its seq carry on) and is kept as {@code config/candidate.signed.json}. When the new runtime's uplink
 * connects within the grace period the document becomes {@code config/active.signed.json} (what a restart runs)
 * and is acked {@code applied}; when it does not, the previous configuration is started again and the document is
 * nacked {@code rolled-back} and never tried again. The same document arriving again (it is retained) is ignored.
 *
 * <p><b>Threads.</b> Everything runs on one thread of its own, {@code lantaarn-control-<node>}; the uplink's
 * thread only hands payloads to it. {@link #start()} and {@link #close()} are called by the owner.
 */
public final class ManagedNode implements AutoCloseable {
    /** How long a new configuration may take to bring the uplink up before it is rolled back; default. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
    static final String DIR = "config";
    static final String ACTIVE = "active.signed.json";
    static final String CANDIDATE = "candidate.signed.json";
    static final String REFUSED = "refused.txt";
    private static final Logger log = LoggerFactory.getLogger(ManagedNode.class);
    private static final Duration TICK = Duration.ofMillis(200);

    /** A configuration the node can run: the document's config and hash, and the signed envelope when it came remotely. */
    private record Active(NodeConfig config, String sha256, SignedConfig signed) {}

    private record Probation(Active previous, Active candidate, Instant deadline) {}

    private final Path dataDir;
    /** Relative TLS file names in pushed documents resolve here, as they did in the node's configuration file. */
    private final Path configDir;
    private final TrustedKeys trusted;
    private final List<SensorDriverProvider> providers;
    private final Clock clock;
    private final Duration grace;
    private final UnaryOperator<NodeRuntime.Builder> customizer;
    private final JsonCodec codec = new JsonCodec();
    private final ScheduledExecutorService control;
    private final List<ConfigAck> sent = new CopyOnWriteArrayList<>();

    // Owned by the control thread (and by start/close before and after it runs).
    private final Active initial;
    private volatile Active active;
    private volatile NodeRuntime runtime;
    private Probation probation;
    private byte[] deferred;
    private final ArrayDeque<ConfigAck> pending = new ArrayDeque<>();
    private final Set<String> refused = new HashSet<>();
    private ScheduledFuture<?> ticker;

    private ManagedNode(Builder b) {
        this.initial = new Active(b.config, b.sha256, null);
        this.dataDir = b.dataDir;
        this.configDir = b.configDir;
        this.trusted = b.trusted;
        this.providers = b.providers != null ? List.copyOf(b.providers)
                : ServiceLoader.load(SensorDriverProvider.class, ManagedNode.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList();
        this.clock = b.clock;
        this.grace = b.grace;
        this.customizer = b.customizer;
        this.control = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("lantaarn-control-" + b.config.node()).daemon(true).factory());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the runtime: the remotely applied configuration kept in the data directory when there is one (signed
     * by a trusted key, for this node, not older than the file configuration), otherwise the one given.
     */
    public void start() {
        loadRefused();
        deleteQuietly(dir().resolve(CANDIDATE)); // a swap cut short by a restart is not trusted: the retained document comes again
        Active persisted = readPersisted().orElse(null);
        active = persisted != null && persisted.config().version() >= initial.config().version() ? persisted : initial;
        runtime = newRuntime(active);
        runtime.start();
        ticker = control.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        log.info("node {}: running configuration version {}{}", active.config().node(), active.config().version(),
                active.signed() != null ? " (applied remotely, key " + active.signed().keyId() + ")" : "");
    }

    /** Hands a payload from the config topic to the control thread; returns at once. */
    public void receive(byte[] payload) {
        byte[] copy = payload.clone();
        control.execute(() -> {
            try {
                handle(copy);
            } catch (RuntimeException e) {
                log.error("node {}: handling a configuration failed", node(), e);
            }
        });
    }

    public String node() {
        return initial.config().node();
    }

    /** The configuration running now. */
    public NodeConfig activeConfig() {
        return active.config();
    }

    public String activeSha256() {
        return active.sha256();
    }

    /** The runtime running now (it is replaced on every swap). */
    public NodeRuntime runtime() {
        return runtime;
    }

    /** Every ack and nack published so far, oldest first. */
    public List<ConfigAck> acks() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        control.shutdownNow();
        try {
            control.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NodeRuntime r = runtime;
        if (r != null) {
            r.close();
        }
    }

    // ---------------------------------------------------------------- the control thread

    private void handle(byte[] payload) {
        if (probation != null) {
            deferred = payload; // the newest one is looked at when the running swap is settled
            return;
        }
        String payloadSha = ConfigSignatures.sha256(payload);
        Decoded d = codec.decodeSignedConfig(payload);
        if (d instanceof Decoded.Rejected(Rejection r)) {
            if (refused.add(payloadSha)) {
                nack(0, payloadSha, r.reason() == Rejection.Reason.TOO_LARGE ? "too-large" : "invalid-document", r.detail());
            }
            return;
        }
        SignedConfig signed = (SignedConfig) ((Decoded.Accepted) d).message();
        String sha = ConfigSignatures.sha256(signed.document());
        // Refusals are remembered per envelope (the payload's hash): a badly signed copy of a document must not stop
        // a correctly signed push of the same document. Only a rolled-back document is refused whatever envelope
        // it comes in (rememberRefused): it ran and did not bring the uplink up.
        if (sha.equals(active.sha256()) || refused.contains(payloadSha) || refused.contains(sha)) {
            return; // the retained document we run, or an envelope already refused, delivered again
        }
        switch (ConfigSignatures.verify(signed, trusted, configDir)) {
            case ConfigSignatures.Refused(var refusal, var detail) -> refuse(payloadSha, signed.version(), sha, refusal.code(), detail);
            case ConfigSignatures.Verified v -> {
                NodeConfig c = v.config();
                if (!c.node().equals(node())) {
                    refuse(payloadSha, c.version(), sha, "invalid-document", "the document is for node " + c.node() + ", not " + node());
                } else if (c.version() <= active.config().version()) {
                    refuse(payloadSha, c.version(), sha, "replayed-version", "version " + c.version() + " is not above the active version "
                            + active.config().version());
                } else {
                    Optional<String> problem = DryRun.check(c, active.config(), providers, clock, control);
                    if (problem.isPresent()) {
                        refuse(payloadSha, c.version(), sha, "dry-run-failed", problem.get());
                    } else {
                        swap(new Active(c, sha, signed), payloadSha);
                    }
                }
            }
        }
    }

    private void swap(Active candidate, String envelopeSha) {
        Active previous = active;
        try {
            writeAtomically(dir().resolve(CANDIDATE), codec.encode(candidate.signed()));
        } catch (IOException e) {
            refuse(envelopeSha, candidate.config().version(), candidate.sha256(), "dry-run-failed", "cannot keep the document: " + e.getMessage());
            return;
        }
        log.info("node {}: applying configuration version {} (was {})", node(), candidate.config().version(), previous.config().version());
        runtime.close();
        NodeRuntime next = newRuntime(candidate);
        try {
            next.start();
        } catch (RuntimeException e) {
            log.warn("node {}: configuration version {} did not start: {}; going back to version {}", node(),
                    candidate.config().version(), e.getMessage(), previous.config().version());
            deleteQuietly(dir().resolve(CANDIDATE));
            runtime = newRuntime(previous);
            runtime.start();
            refuse(envelopeSha, candidate.config().version(), candidate.sha256(), "dry-run-failed", "the runtime did not start: " + e.getMessage());
            return;
        }
        runtime = next;
        active = candidate;
        probation = new Probation(previous, candidate, clock.instant().plus(grace));
    }

    private void tick() {
        try {
            settle();
            flushAcks();
            if (probation == null && deferred != null) {
                byte[] d = deferred;
                deferred = null;
                handle(d);
            }
        } catch (RuntimeException e) {
            log.error("node {}: control tick failed", node(), e);
        }
    }

    private void settle() {
        Probation p = probation;
        if (p == null) {
            return;
        }
        if (runtime.uplinkConnected()) {
            probation = null;
            try {
                Files.move(dir().resolve(CANDIDATE), dir().resolve(ACTIVE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                log.error("node {}: cannot keep configuration version {} for the next start: {}", node(), p.candidate().config().version(), e.toString());
            }
            queue(new ConfigAck(node(), p.candidate().config().version(), p.candidate().sha256(), ConfigAck.Result.APPLIED, null, clock.instant()));
            log.info("node {}: configuration version {} applied", node(), p.candidate().config().version());
        } else if (!clock.instant().isBefore(p.deadline())) {
            probation = null;
            log.warn("node {}: configuration version {} did not bring the uplink up within {}; rolling back to version {}", node(),
                    p.candidate().config().version(), grace, p.previous().config().version());
            runtime.close();
            deleteQuietly(dir().resolve(CANDIDATE));
            active = p.previous();
            runtime = newRuntime(p.previous());
            runtime.start();
            rememberRefused(p.candidate().sha256());
            nack(p.candidate().config().version(), p.candidate().sha256(), ConfigAck.Result.ROLLED_BACK, "rolled-back",
                    "the uplink did not come up within " + grace);
        }
    }

    /** Nacks a document and remembers the envelope it came in, so the same envelope delivered again stays quiet. */
    private void refuse(String envelopeSha, long version, String sha, String code, String detail) {
        refused.add(envelopeSha);
        nack(version, sha, code, detail);
    }

    private void nack(long version, String sha, String code, String detail) {
        nack(version, sha, ConfigAck.Result.REJECTED, code, detail);
    }

    private void nack(long version, String sha, ConfigAck.Result result, String code, String detail) {
        String reason = code + ": " + (detail.length() <= 300 ? detail : detail.substring(0, 300) + "...");
        log.warn("node {}: configuration version {} {}: {}", node(), version, result.wire(), reason);
        queue(new ConfigAck(node(), version, sha, result, reason, clock.instant()));
    }

    private void queue(ConfigAck ack) {
        pending.add(ack);
        flushAcks();
    }

    private void flushAcks() {
        while (!pending.isEmpty() && runtime.uplinkConnected()) {
            if (!runtime.publishConfigAck(pending.peek())) {
                return;
            }
            sent.add(pending.poll());
        }
    }

    // ---------------------------------------------------------------- runtimes and files

    private NodeRuntime newRuntime(Active a) {
        NodeRuntime.Builder b = NodeRuntime.builder().config(a.config()).configHash(a.sha256()).dataDir(dataDir)
                .clock(clock).providers(providers).configListener(this::receive);
        return customizer.apply(b).build();
    }

    private Path dir() {
        return dataDir.resolve(DIR);
    }

    private Optional<Active> readPersisted() {
        Path f = dir().resolve(ACTIVE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            Decoded d = codec.decodeSignedConfig(Files.readAllBytes(f));
            if (d instanceof Decoded.Accepted(SignedConfig s)
                    && ConfigSignatures.verify(s, trusted, configDir) instanceof ConfigSignatures.Verified v
                    && v.config().node().equals(node())) {
                return Optional.of(new Active(v.config(), v.sha256(), s));
            }
            log.warn("node {}: ignoring {}: it no longer verifies against the trusted operator keys", node(), f);
        } catch (IOException e) {
            log.warn("node {}: cannot read {}: {}", node(), f, e.toString());
        }
        return Optional.empty();
    }

    private void loadRefused() {
        Path f = dir().resolve(REFUSED);
        try {
            if (Files.exists(f)) {
                Files.readAllLines(f, StandardCharsets.US_ASCII).stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(refused::add);
            }
        } catch (IOException e) {
            log.warn("node {}: cannot read {}: {}", node(), f, e.toString());
        }
    }

    private void rememberRefused(String sha) {
        refused.add(sha);
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve(REFUSED), sha + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("node {}: cannot remember rolled-back document {}: {}", node(), sha, e.toString());
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // left behind, ignored at the next start
        }
    }

    /**
     * Builds a {@link ManagedNode}. Required: {@link #config}, {@link #dataDir}, {@link #trustedKeys}. Defaults: drivers
     * from {@link ServiceLoader}, the system UTC clock, a grace of {@link #DEFAULT_GRACE}, runtimes with their defaults.
     */
    public static final class Builder {
        private NodeConfig config;
        private String sha256;
        private Path dataDir;
        private Path configDir;
        private TrustedKeys trusted;
        private List<SensorDriverProvider> providers;
        private Clock clock = Clock.systemUTC();
        private Duration grace = DEFAULT_GRACE;
        private UnaryOperator<NodeRuntime.Builder> customizer = b -> b;

        private Builder() {}

        /** The configuration from the node's file, and the sha256 of its bytes. */
        public Builder config(NodeConfig config, String sha256) {
            this.config = Objects.requireNonNull(config, "config");
            this.sha256 = sha256;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * The directory of the node's configuration file: relative TLS file names in pushed configurations resolve
         * against it, as they do in the file. Without it they resolve against the working directory.
         */
        public Builder configDir(Path configDir) {
            this.configDir = configDir == null ? null : configDir.toAbsolutePath().normalize();
            return this;
        }

        /** The operator keys the node was provisioned with. */
        public Builder trustedKeys(TrustedKeys keys) {
            this.trusted = Objects.requireNonNull(keys, "keys");
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

        /** How long a new configuration may take to bring the uplink up before it is rolled back. */
        public Builder grace(Duration grace) {
            if (grace == null || grace.isNegative() || grace.isZero()) {
                throw new IllegalArgumentException("grace must be positive: " + grace);
            }
            this.grace = grace;
            return this;
        }

        /** Adjusts every runtime's builder (scheduler, uplink, health interval, backoff) before it is built. */
        public Builder runtime(UnaryOperator<NodeRuntime.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        public ManagedNode build() {
            if (config == null || dataDir == null || trusted == null) {
                throw new IllegalStateException("ManagedNode.builder(): config, dataDir and trustedKeys are required");
            }
            return new ManagedNode(this);
        }
    }
}
