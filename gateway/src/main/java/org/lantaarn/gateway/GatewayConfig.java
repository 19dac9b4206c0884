package org.lantaarn.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.lantaarn.config.Durations;
import org.lantaarn.protocol.Topics;

/**
 * How one gateway runs. Loaded from YAML ({@link #load(Path)}, {@link #fromYaml(String)}); every key is optional:
 *
 * <pre>
 * broker: embedded              # or a URI such as tcp://127.0.0.1:1883
 * mqttPort: 1883                # embedded broker only; 0 picks a free port
 * mqttHost: 127.0.0.1           # embedded broker only: bind address, loopback only (it has no authentication)
 * httpPort: 8080                # 0 picks a free port
 * httpHost: 127.0.0.1           # a non-loopback address needs httpTls
 * httpTls: {cert: api.crt, key: api.key}                  # the API speaks HTTPS with this server certificate
 * dataDir: ./data/gateway       # SQLite file, embedded broker folders
 * topicPrefix: lantaarn/v1
 * clientId: lantaarn-gateway    # MQTT client id (persistent session)
 * sessionExpiry: 1d             # 90s, 30m, 12h, 1d, or a number of seconds
 * sharedSubscription: false     # true: $share/lantaarn-gateway/{prefix}/nodes/+/# for several replicas
 * operatorKeys: /etc/lantaarn/operator-keys   # *.pub: whose signed configurations may be pushed (none: pushing off)
 * openReads: false              # true: reads need no token (demo); changes always need an operator token
 * tls: {ca: ca.crt, cert: gateway.crt, key: gateway.key}   # for an ssl:// broker (mutual TLS)
 * store: {url: jdbc:postgresql://db:5432/lantaarn, healthRetention: 30d, ...}   # see StoreSettings
 * </pre>
 *
 * @param broker             {@value #EMBEDDED} or the URI of an external MQTT 5 broker
 * @param mqttPort           port of the embedded broker (0 = a free port, chosen at start)
 * @param mqttHost           bind address of the embedded broker
 * @param httpPort           port of the HTTP API (0 = a free port)
 * @param httpHost           bind address of the HTTP API
 * @param dataDir            directory for the store and the embedded broker's folders
 * @param topicPrefix        topic prefix of the wire contract
 * @param clientId           MQTT client id of the gateway's persistent session
 * @param sessionExpiry      how long the broker keeps the gateway's session while it is away
 * @param sharedSubscription subscribe through the MQTT 5 shared subscription group {@value #SHARE_GROUP}
 * @param security           operator keys, open reads, and TLS files of the MQTT connection
 * @param store              which store (SQLite or PostgreSQL) and its table bounds ({@link StoreSettings}: {@code store:})
 */
public record GatewayConfig(
        String broker,
        int mqttPort,
        String mqttHost,
        int httpPort,
        String httpHost,
        Path dataDir,
        String topicPrefix,
        String clientId,
        Duration sessionExpiry,
        boolean sharedSubscription,
        SecuritySettings security,
        StoreSettings store) {

    /** The value of {@code broker} that starts the embedded HiveMQ CE broker. */
    public static final String EMBEDDED = "embedded";
    /** The default bind address of the embedded broker and the API. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The shared subscription group of gateway replicas. */
    public static final String SHARE_GROUP = "lantaarn-gateway";

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public GatewayConfig {
        if (broker == null || broker.isBlank()) {
            throw new GatewayConfigException("broker must be 'embedded' or a URI such as tcp://127.0.0.1:1883");
        }
        if (!broker.equals(EMBEDDED)) {
            checkBrokerUri(broker);
        }
        checkPort("mqttPort", mqttPort);
        checkPort("httpPort", httpPort);
        requireText("mqttHost", mqttHost);
        requireText("httpHost", httpHost);
        if (dataDir == null) {
            throw new GatewayConfigException("dataDir must be given");
        }
        requireText("topicPrefix", topicPrefix);
        try {
            new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new GatewayConfigException("topicPrefix: " + e.getMessage(), e);
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new GatewayConfigException("clientId must be 1-64 characters of A-Z a-z 0-9 . _ -: " + clientId);
        }
        if (sessionExpiry == null || sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFFL) {
            throw new GatewayConfigException("sessionExpiry must be between 0 s and 136 years: " + sessionExpiry);
        }
        security = security == null ? SecuritySettings.none() : security;
        store = store == null ? StoreSettings.defaults() : store;
    }

    /** The defaults: closed, nothing beyond loopback: embedded broker on 127.0.0.1:1883, HTTP on 127.0.0.1:8080, data in ./data/gateway. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(EMBEDDED, 1883, LOOPBACK, 8080, LOOPBACK, Path.of("data", "gateway"),
                Topics.DEFAULT_PREFIX, "lantaarn-gateway", Duration.ofDays(1), false, SecuritySettings.none(),
                StoreSettings.defaults());
    }

    /** Defaults with an external broker at {@code brokerUri} and {@code dataDir}; HTTP on a free loopback port. */
    public static GatewayConfig external(String brokerUri, Path dataDir) {
        return defaults().withBroker(brokerUri).withDataDir(dataDir).withHttpHost("127.0.0.1").withHttpPort(0);
    }

    /** Defaults with the embedded broker on {@code 127.0.0.1:mqttPort} and {@code dataDir}; HTTP on a free loopback port. */
    public static GatewayConfig embedded(int mqttPort, Path dataDir) {
        return defaults().withMqttHost("127.0.0.1").withMqttPort(mqttPort).withDataDir(dataDir)
                .withHttpHost("127.0.0.1").withHttpPort(0);
    }

    public boolean embeddedBroker() {
        return EMBEDDED.equals(broker);
    }

    /** The filter the gateway subscribes to, shared or not. */
    public String subscriptionFilter() {
        String filter = new Topics(topicPrefix).allNodes();
        return sharedSubscription ? "$share/" + SHARE_GROUP + "/" + filter : filter;
    }

    public GatewayConfig withStore(StoreSettings v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, v);
    }

    public GatewayConfig withBroker(String v) {
        return new GatewayConfig(v, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withMqttPort(int v) {
        return new GatewayConfig(broker, v, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withMqttHost(String v) {
        return new GatewayConfig(broker, mqttPort, v, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withHttpPort(int v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, v, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withHttpHost(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, v, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withDataDir(Path v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, v, topicPrefix, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withTopicPrefix(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, v, clientId, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withClientId(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, v, sessionExpiry, sharedSubscription, security, store);
    }

    public GatewayConfig withSessionExpiry(Duration v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, v, sharedSubscription, security, store);
    }

    public GatewayConfig withSharedSubscription(boolean v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, v, security, store);
    }

    public GatewayConfig withSecurity(SecuritySettings v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, v, store);
    }

    /** With reads open to anyone (the demo); changes still need an operator token. */
    public GatewayConfig withOpenReads(boolean v) {
        return withSecurity(security.withOpenReads(v));
    }

    // ------------------------------------------------------------------ YAML

    /**
     * Reads a YAML file; a relative {@code dataDir} stays relative to the working directory, relative file names in
     * {@code tls}, {@code httpTls} and {@code operatorKeys} resolve against the file's directory.
     */
    public static GatewayConfig load(Path file) {
        return GatewayConfigYaml.load(file);
    }

    /** Parses a YAML document; missing keys take their defaults, unknown keys are refused by name. */
    public static GatewayConfig fromYaml(String yaml) {
        return GatewayConfigYaml.parse(yaml, null);
    }

    /** Parses a duration as configuration documents write it ({@code 90s}, {@code 30m}, {@code 12h}, {@code 1d}, {@code 500ms}, or seconds). */
    public static Duration parseDuration(String field, String s) {
        Duration d = Durations.parse(s);
        if (d == null) {
            throw new GatewayConfigException(field + " must be a duration such as 90s, 30m, 12h or 1d: " + s);
        }
        return d;
    }

    // ------------------------------------------------------------------ closed by default

    /**
     * Refuses a configuration that would open a port beyond loopback without authentication and encryption: the
     * embedded broker (no authentication) only on a loopback address, the API on a non-loopback address only with
     * {@code httpTls}. Called by {@link Gateway#start()} before anything listens.
     *
     * @throws GatewayConfigException naming the setting
     */
    public void checkBinds() {
        if (embeddedBroker() && !isLoopback(mqttHost)) {
            throw new GatewayConfigException("mqttHost: the embedded broker has no authentication, so it listens on loopback "
                    + "only (127.0.0.1, ::1 or localhost), not " + mqttHost + ". For nodes on a network run Mosquitto with "
                    + "the configuration of 'lantaarn-gateway broker-config' (mutual TLS) and set broker: ssl://HOST:8883");
        }
        if (security.httpTls() == null && !isLoopback(httpHost)) {
            throw new GatewayConfigException("httpHost: " + httpHost + " is not a loopback address and the API would speak plain "
                    + "HTTP, sending bearer tokens in clear text; set httpTls: {cert, key} (a server certificate from the site's "
                    + "CA) or keep httpHost: 127.0.0.1");
        }
    }

    /** Whether {@code host} names only loopback addresses ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String host) {
        try {
            java.net.InetAddress[] all = java.net.InetAddress.getAllByName(host);
            return all.length > 0 && java.util.Arrays.stream(all).allMatch(java.net.InetAddress::isLoopbackAddress);
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new GatewayConfigException(field + " must be between 0 and 65535: " + port);
        }
    }

    private static void requireText(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new GatewayConfigException(field + " must be given");
        }
    }

    private static void checkBrokerUri(String broker) {
        try {
            URI u = new URI(broker);
            String scheme = Objects.requireNonNullElse(u.getScheme(), "");
            if (!Set.of("tcp", "ssl", "ws", "wss").contains(scheme) || u.getHost() == null) {
                throw new GatewayConfigException("broker must be 'embedded' or a URI tcp://host:port (or ssl://, ws://, wss://): " + broker);
            }
        } catch (URISyntaxException e) {
            throw new GatewayConfigException("broker must be 'embedded' or a URI such as tcp://127.0.0.1:1883: " + broker, e);
        }
    }
}
