package org.lantaarn.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.gateway.api.ApiAccess;
import org.lantaarn.gateway.api.Console;
import org.lantaarn.gateway.api.HttpApi;
import org.lantaarn.gateway.audit.AuditAnchorPublisher;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.metrics.GatewayMetrics;
import org.lantaarn.gateway.rollout.ConfigRollout;
import org.lantaarn.gateway.broker.EmbeddedBroker;
import org.lantaarn.gateway.dedup.Deduplicator;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.ingest.Ingest;
import org.lantaarn.gateway.ingest.mqtt.MqttSession;
import org.lantaarn.gateway.receipt.ReceiptSender;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.gateway.twin.BrokerLossDetector;
import org.lantaarn.gateway.twin.TwinPublisher;
import org.lantaarn.gateway.retention.Pruner;
import org.lantaarn.gateway.store.postgres.PartitionLeases;
import org.lantaarn.gateway.store.postgres.PostgresGatewayStore;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.receipt.OwnedReceipts;
import org.lantaarn.gateway.store.postgres.PostgresSettings;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway process: (optionally) the embedded broker, the store, the MQTT session feeding ingest, deduplication,
 * fleet, receipts and twin feed, and the HTTP API.
 *
 * <pre>
 * try (Gateway g = Gateway.builder().config(GatewayConfig.embedded(1883, dataDir)).build()) {
 *     g.start();
 *     ... g.mqttUri(), g.httpPort() ...
 * }
 * </pre>
 *
 * {@link #start()} and {@link #close()} are called by one owner thread; the accessors are thread-safe after start.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** How long {@link #start()} waits for the first MQTT connection before going on and retrying in the background. */
    private static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final Clock clock;
    private final GatewayStore givenStore;
    private final String tileUrl;
    private final JsonCodec codec;

    private EmbeddedBroker broker;
    private GatewayStore store;
    private Ingest ingest;
    private Deduplicator dedup;
    private MqttSession mqtt;
    private TwinPublisher twin;
    private Pruner pruner;
    private PartitionLeases leases;
    private OwnedReceipts ownedReceipts;
    private ReceiptSender receipts;
    private org.lantaarn.gateway.sta.StaFeed staFeed;
    private AuditAnchorPublisher auditAnchors;
    private HttpApi http;
    private GatewayMetrics metrics;
    private String mqttUri;
    private boolean started;
    private boolean closed;

    private Gateway(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.givenStore = b.store;
        this.tileUrl = b.tileUrl;
        this.codec = new JsonCodec(new Topics(config.topicPrefix()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every part; on failure stops what was started and throws. */
    public synchronized Gateway start() {
        if (started) {
            throw new IllegalStateException("gateway already started");
        }
        started = true;
        try {
            config.checkBinds();
            javax.net.ssl.SSLContext apiTls = null;
            if (config.security().httpTls() != null) {
                try {
                    apiTls = config.security().httpTls().context();
                } catch (org.lantaarn.config.pki.PkiException e) {
                    throw new GatewayConfigException("httpTls: " + e.getMessage(), e);
                }
            }
            if (config.embeddedBroker()) {
                broker = EmbeddedBroker.start(config.dataDir().resolve("broker"), config.mqttHost(), config.mqttPort());
                mqttUri = broker.uri();
            } else {
                mqttUri = config.broker();
            }
            store = givenStore != null ? givenStore : openStore();
            pruner = new Pruner(store, config.store(), clock).start();
            Fleet fleet = new Fleet(store);
            dedup = new Deduplicator(store, codec);
            javax.net.ssl.SSLSocketFactory tls = null;
            if (mqttUri.startsWith("ssl://")) {
                if (config.security().tls() == null) {
                    throw new GatewayException("an ssl:// broker needs tls: {ca, cert, key} in the gateway configuration");
                }
                try {
                    tls = config.security().tls().socketFactory();
                } catch (org.lantaarn.config.pki.PkiException e) {
                    throw new GatewayException(e.getMessage(), e);
                }
            }
            mqtt = new MqttSession(mqttUri, config.clientId(), config.subscriptionFilter(), config.sessionExpiry(),
                    batch -> metrics.ingestedBatch(() -> ingest.handleAll(batch)), tls);
            NodeOwnership owned = NodeOwnership.all();
            if (store instanceof PostgresGatewayStore shared && config.sharedSubscription()) {
                // Replicas: each node partition's receipts and twin messages come from one replica at a time.
                leases = shared.leases(config.store().partitions()).start();
                owned = leases;
            }
            twin = new TwinPublisher(store, mqtt, codec, owned);
            BrokerLossDetector losses = new BrokerLossDetector(config.store().twinRepublishWindow());
            TwinPublisher twinFeed = twin;
            mqtt.brokerListener(new MqttSession.BrokerListener() {
                @Override
                public void connected(boolean sessionPresent) {
                    losses.connected(sessionPresent, clock.instant()).ifPresent(twinFeed::republishFrom);
                }

                @Override
                public void uptime(long seconds) {
                    losses.uptime(seconds, clock.instant()).ifPresent(twinFeed::republishFrom);
                }
            });
            receipts = new ReceiptSender(mqtt, codec, clock);
            metrics = new GatewayMetrics(clock, twin::published);
            IngestListener receiptFeed = receipts;
            if (leases != null) {
                ownedReceipts = new OwnedReceipts(receipts, store, owned).start();
                receiptFeed = ownedReceipts;
            }
            staFeed = new org.lantaarn.gateway.sta.StaFeed(mqtt, () -> http.bind() + "/sta/" + org.lantaarn.sta.StaService.VERSION);
            ingest = new Ingest(codec, store, dedup, fleet, clock, List.of(receiptFeed, twin, staFeed, metrics));
            twin.start();
            receipts.start();
            ConfigRollout rollout = null;
            if (config.security().operatorKeys() != null) {
                try {
                    rollout = new ConfigRollout(mqtt, codec, TrustedKeys.load(config.security().operatorKeys()), store, clock);
                } catch (org.lantaarn.config.pki.PkiException e) {
                    throw new GatewayException("operatorKeys: " + e.getMessage(), e);
                }
            }
            AuditAnchorPublisher anchors = new AuditAnchorPublisher(mqtt, codec.topics().prefix());
            auditAnchors = anchors;
            GatewayStore anchorStore = store;
            AuditLog audit = new AuditLog(config.dataDir(), store.auditAnchor().orElse(null), a -> {
                anchorStore.storeAuditAnchor(a);
                anchors.offer(a);
            });
            ApiAccess access = new ApiAccess(new TokenStore(config.dataDir()), config.security().openReads(), rollout, audit);
            http = new HttpApi(store, fleet, codec, clock, () -> mqtt.state().wire(), access)
                    .console(new Console(() -> metrics.scrape(fleet.nodes(), ingest.rejectionCounts()), tileUrl, audit))
                    .sensorThings(new org.lantaarn.sta.StaService(new org.lantaarn.gateway.sta.StoreStaSource(store, codec), clock,
                            List.of(mqttUri.replaceFirst("^tcp://", "mqtt://").replaceFirst("^ssl://", "mqtts://"))));
            http.start(config.httpHost(), config.httpPort(), apiTls);
            mqtt.start(FIRST_CONNECT_WAIT);
            store.auditAnchor().ifPresent(anchors::offer); // operators' retained copy, also after a broker lost it
            LOG.info("gateway started: {}; HTTP API listening on {}{}; data {}", mqttDescription(), http.bind(),
                    apiTls == null ? " (plain HTTP, loopback only)" : "", config.dataDir().toAbsolutePath());
            return this;
        } catch (RuntimeException e) {
            LOG.error("gateway failed to start: {}", e.getMessage());
            close();
            throw e;
        }
    }

    /** The configured store: PostgreSQL when {@code store.url} is set, else the SQLite file in the data directory. */
    private GatewayStore openStore() {
        StoreSettings s = config.store();
        if (!s.postgres()) {
            return SqliteGatewayStore.open(config.dataDir(), codec);
        }
        String password = null;
        if (s.passwordFile() != null) {
            try {
                password = java.nio.file.Files.readString(s.passwordFile()).strip();
            } catch (java.io.IOException e) {
                throw new GatewayConfigException("store.passwordFile: cannot read " + s.passwordFile() + ": " + e.getMessage(), e);
            }
        }
        return PostgresGatewayStore.open(new PostgresSettings(s.url(), s.user(), password, s.poolSize()), codec);
    }

    /** Twin messages made pending again because the broker lost its state, since start. */
    public long twinRepublished() {
        return twin.republished();
    }

    /** What the log says about MQTT: the embedded broker's true bind, or the external broker used. */
    private String mqttDescription() {
        return broker != null
                ? "embedded MQTT broker listening on " + broker.host() + ":" + broker.port() + " (no authentication, loopback only)"
                : "MQTT broker " + mqttUri + " (external)";
    }

    /** Where the HTTP API really listens, such as {@code https://127.0.0.1:8443}. */
    public String httpBind() {
        requireStarted();
        return http.bind();
    }

    /** The port the HTTP API listens on (useful with {@code httpPort: 0}). */
    public int httpPort() {
        requireStarted();
        return http.port();
    }

    /** The URI of the broker the gateway uses; for the embedded one {@code tcp://127.0.0.1:<port>}. */
    public String mqttUri() {
        requireStarted();
        return mqttUri;
    }

    /** The store, for tests and tools. */
    public GatewayStore store() {
        requireStarted();
        return store;
    }

    public GatewayConfig config() {
        return config;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** Whether the MQTT session is connected now. */
    public boolean mqttConnected() {
        return mqtt != null && mqtt.isConnected();
    }

    /** Rejections counted by this gateway since start, per reason. */
    public java.util.Map<String, Long> rejectionCounts() {
        requireStarted();
        return ingest.rejectionCounts();
    }

    /** This gateway's metrics (also served at {@code /metrics}). */
    public GatewayMetrics metrics() {
        requireStarted();
        return metrics;
    }

    /** Duplicates dropped by this gateway since start. */
    public long duplicates() {
        requireStarted();
        return dedup.duplicates();
    }

    /** Stored observations the twin got as a gap because their twin copy could not be made, since start. */
    public long twinCopyFailures() {
        requireStarted();
        return twin.copyFailures();
    }

    /** The embedded broker, when {@code broker: embedded}; {@code null} otherwise. */
    public EmbeddedBroker embeddedBroker() {
        return broker;
    }

    private void requireStarted() {
        if (!started || store == null) {
            throw new IllegalStateException("gateway not started");
        }
    }

    /**
     * Stops gracefully: HTTP, then the twin feed (after the publish in progress), pending receipts, the MQTT session
     * (the broker keeps it and queues for it), the store, and last the embedded broker.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        quietly("HTTP API", http);
        quietly("pruner", pruner);
        quietly("receipt poll", ownedReceipts);
        quietly("partition leases", leases);
        quietly("twin feed", twin);
        quietly("SensorThings feed", staFeed);
        quietly("receipts", receipts);
        quietly("audit anchor", auditAnchors);
        quietly("MQTT session", mqtt);
        if (givenStore == null) {
            quietly("store", store);
        }
        quietly("embedded broker", broker);
        if (started) {
            LOG.info("gateway stopped");
        }
    }

    private static void quietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", what, e.toString());
        }
    }

    /** Builds a {@link Gateway}; fills in the default config, the system UTC clock and the SQLite store. */
    public static final class Builder {
        private GatewayConfig config = GatewayConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private GatewayStore store;
        private String tileUrl;

        private Builder() {}

        /**
         * The console's map tiles, an https URL template such as {@code https://tile.openstreetmap.org/{z}/{x}/{y}.png};
         * without one (the default) the console draws the site's streets from its GeoJSON and needs no internet.
         */
        public Builder tileUrl(String tileUrl) {
            try {
                new Console(null, tileUrl, null);
            } catch (IllegalArgumentException e) {
                throw new GatewayConfigException(e.getMessage());
            }
            this.tileUrl = tileUrl;
            return this;
        }

        public Builder config(GatewayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Uses {@code store} instead of the SQLite store in {@code dataDir}; the caller keeps ownership and closes it. */
        public Builder store(GatewayStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Gateway build() {
            return new Gateway(this);
        }
    }
}
