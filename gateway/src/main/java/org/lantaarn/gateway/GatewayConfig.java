package org.lantaarn.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
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
 * mqttHost: 0.0.0.0             # embedded broker only: bind address
 * httpPort: 8080                # 0 picks a free port
 * httpHost: 0.0.0.0
 * dataDir: ./data/gateway       # SQLite file, embedded broker folders
 * topicPrefix: lantaarn/v1
 * clientId: lantaarn-gateway    # MQTT client id (persistent session)
 * sessionExpiry: 1d             # 90s, 30m, 12h, 1d, or a number of seconds
 * sharedSubscription: false     # true: $share/lantaarn-gateway/{prefix}/nodes/+/# for several replicas
 * operatorKeys: /etc/lantaarn/operator-keys   # *.pub: whose signed configurations may be pushed (none: pushing off)
 * openReads: false              # true: reads need no token (demo); changes always need an operator token
 * tls: {ca: ca.crt, cert: gateway.crt, key: gateway.key}   # for an ssl:// broker (mutual TLS)
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
        SecuritySettings security) {

    /** The value of {@code broker} that starts the embedded HiveMQ CE broker. */
    public static final String EMBEDDED = "embedded";
    /** The shared subscription group of gateway replicas. */
    public static final String SHARE_GROUP = "lantaarn-gateway";

    private static final Set<String> KEYS = Set.of("broker", "mqttPort", "mqttHost", "httpPort", "httpHost", "dataDir",
            "topicPrefix", "clientId", "sessionExpiry", "sharedSubscription", "operatorKeys", "openReads", "tls");
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
    }

    /** The defaults: embedded broker on 0.0.0.0:1883, HTTP on 0.0.0.0:8080, data in ./data/gateway. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(EMBEDDED, 1883, "0.0.0.0", 8080, "0.0.0.0", Path.of("data", "gateway"),
                Topics.DEFAULT_PREFIX, "lantaarn-gateway", Duration.ofDays(1), false, SecuritySettings.none());
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

    public GatewayConfig withBroker(String v) {
        return new GatewayConfig(v, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withMqttPort(int v) {
        return new GatewayConfig(broker, v, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withMqttHost(String v) {
        return new GatewayConfig(broker, mqttPort, v, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withHttpPort(int v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, v, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withHttpHost(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, v, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withDataDir(Path v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, v, topicPrefix, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withTopicPrefix(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, v, clientId, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withClientId(String v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, v, sessionExpiry, sharedSubscription, security);
    }

    public GatewayConfig withSessionExpiry(Duration v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, v, sharedSubscription, security);
    }

    public GatewayConfig withSharedSubscription(boolean v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, v, security);
    }

    public GatewayConfig withSecurity(SecuritySettings v) {
        return new GatewayConfig(broker, mqttPort, mqttHost, httpPort, httpHost, dataDir, topicPrefix, clientId, sessionExpiry, sharedSubscription, v);
    }

    /** With reads open to anyone (the demo); changes still need an operator token. */
    public GatewayConfig withOpenReads(boolean v) {
        return withSecurity(security.withOpenReads(v));
    }

    // ------------------------------------------------------------------ YAML

    /** Reads a YAML file; a relative {@code dataDir} stays relative to the working directory. */
    public static GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new GatewayConfigException("cannot read gateway configuration " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromYaml(text);
        } catch (GatewayConfigException e) {
            throw new GatewayConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a YAML document; missing keys take their defaults, unknown keys are refused by name. */
    public static GatewayConfig fromYaml(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JacksonException e) {
            throw new GatewayConfigException("not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        }
        GatewayConfig c = defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return c;
        }
        if (!root.isObject()) {
            throw new GatewayConfigException("the gateway configuration must be a mapping of keys to values");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new GatewayConfigException("unknown key '" + key + "'; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        if (root.has("broker")) {
            c = c.withBroker(text(root, "broker"));
        }
        if (root.has("mqttPort")) {
            c = c.withMqttPort(integer(root, "mqttPort"));
        }
        if (root.has("mqttHost")) {
            c = c.withMqttHost(text(root, "mqttHost"));
        }
        if (root.has("httpPort")) {
            c = c.withHttpPort(integer(root, "httpPort"));
        }
        if (root.has("httpHost")) {
            c = c.withHttpHost(text(root, "httpHost"));
        }
        if (root.has("dataDir")) {
            c = c.withDataDir(Path.of(text(root, "dataDir")));
        }
        if (root.has("topicPrefix")) {
            c = c.withTopicPrefix(text(root, "topicPrefix"));
        }
        if (root.has("clientId")) {
            c = c.withClientId(text(root, "clientId"));
        }
        if (root.has("sessionExpiry")) {
            c = c.withSessionExpiry(duration(root.get("sessionExpiry"), "sessionExpiry"));
        }
        if (root.has("sharedSubscription")) {
            JsonNode v = root.get("sharedSubscription");
            if (!v.isBoolean()) {
                throw new GatewayConfigException("sharedSubscription must be true or false: " + v);
            }
            c = c.withSharedSubscription(v.booleanValue());
        }
        SecuritySettings sec = c.security();
        if (root.has("operatorKeys")) {
            sec = sec.withOperatorKeys(Path.of(text(root, "operatorKeys")));
        }
        if (root.has("openReads")) {
            JsonNode v = root.get("openReads");
            if (!v.isBoolean()) {
                throw new GatewayConfigException("openReads must be true or false: " + v);
            }
            sec = sec.withOpenReads(v.booleanValue());
        }
        if (root.has("tls")) {
            JsonNode t = root.get("tls");
            if (!t.isObject() || !t.path("ca").isTextual() || !t.path("cert").isTextual() || !t.path("key").isTextual()) {
                throw new GatewayConfigException("tls must be a mapping with ca, cert and key file names");
            }
            sec = sec.withTls(new org.lantaarn.config.pki.TlsFiles(Path.of(t.get("ca").textValue()), Path.of(t.get("cert").textValue()),
                    Path.of(t.get("key").textValue())));
        }
        if (c.broker().startsWith("ssl://") && sec.tls() == null) {
            throw new GatewayConfigException("an ssl:// broker needs tls: {ca, cert, key}");
        }
        return c.withSecurity(sec);
    }

    /** Parses a duration as configuration documents write it ({@code 90s}, {@code 30m}, {@code 12h}, {@code 1d}, {@code 500ms}, or seconds). */
    public static Duration parseDuration(String field, String s) {
        Duration d = Durations.parse(s);
        if (d == null) {
            throw new GatewayConfigException(field + " must be a duration such as 90s, 30m, 12h or 1d: " + s);
        }
        return d;
    }

    private static Duration duration(JsonNode v, String field) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Duration.ofSeconds(v.longValue());
        }
        if (!v.isTextual()) {
            throw new GatewayConfigException(field + " must be a duration such as 90s, 30m, 12h or 1d: " + v);
        }
        return parseDuration(field, v.textValue());
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v.isTextual() || v.isNumber()) {
            return v.asText();
        }
        throw new GatewayConfigException(field + " must be a string: " + v);
    }

    private static int integer(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.textValue().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new GatewayConfigException(field + " must be an integer: " + v);
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
