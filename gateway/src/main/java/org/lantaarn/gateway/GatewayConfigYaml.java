package org.lantaarn.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import org.lantaarn.config.pki.ServerTls;
import org.lantaarn.config.pki.TlsFiles;

/** Reads {@link GatewayConfig} from YAML: missing keys take their defaults, unknown keys are refused by name. */
final class GatewayConfigYaml {
    private static final Set<String> KEYS = Set.of("broker", "mqttPort", "mqttHost", "httpPort", "httpHost", "httpTls", "dataDir",
            "topicPrefix", "clientId", "sessionExpiry", "sharedSubscription", "operatorKeys", "openReads", "tls", "store");
    private static final Set<String> STORE_KEYS = Set.of("url", "user", "passwordFile", "poolSize", "observationRetention",
            "healthRetention", "healthPerNode", "rejectionRetention", "rejectionsKept", "pruneEvery", "twinRepublishWindow", "partitions");

    private GatewayConfigYaml() {}

    static GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new GatewayConfigException("cannot read gateway configuration " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text, file.toAbsolutePath().normalize().getParent());
        } catch (GatewayConfigException e) {
            throw new GatewayConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** @param baseDir directory that relative file names in tls, httpTls and operatorKeys resolve against; null: as written */
    static GatewayConfig parse(String yaml, Path baseDir) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JacksonException e) {
            throw new GatewayConfigException("not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        }
        GatewayConfig c = GatewayConfig.defaults();
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
            c = c.withSharedSubscription(bool(root, "sharedSubscription"));
        }
        if (root.has("store")) {
            c = c.withStore(store(root.get("store"), baseDir));
        }
        SecuritySettings sec = c.security();
        if (root.has("operatorKeys")) {
            sec = sec.withOperatorKeys(file(baseDir, text(root, "operatorKeys")));
        }
        if (root.has("openReads")) {
            sec = sec.withOpenReads(bool(root, "openReads"));
        }
        if (root.has("tls")) {
            JsonNode t = root.get("tls");
            if (!t.isObject() || !t.path("ca").isTextual() || !t.path("cert").isTextual() || !t.path("key").isTextual()) {
                throw new GatewayConfigException("tls must be a mapping with ca, cert and key file names");
            }
            sec = sec.withTls(new TlsFiles(file(baseDir, t.get("ca").textValue()), file(baseDir, t.get("cert").textValue()),
                    file(baseDir, t.get("key").textValue())));
        }
        if (root.has("httpTls")) {
            JsonNode t = root.get("httpTls");
            if (!t.isObject() || !t.path("cert").isTextual() || !t.path("key").isTextual() || t.size() != 2) {
                throw new GatewayConfigException("httpTls must be a mapping with the cert and key file names of the API's server certificate");
            }
            sec = sec.withHttpTls(new ServerTls(file(baseDir, t.get("cert").textValue()), file(baseDir, t.get("key").textValue())));
        }
        if (c.broker().startsWith("ssl://") && sec.tls() == null) {
            throw new GatewayConfigException("an ssl:// broker needs tls: {ca, cert, key}");
        }
        return c.withSecurity(sec);
    }

    private static StoreSettings store(JsonNode t, Path baseDir) {
        if (!t.isObject()) {
            throw new GatewayConfigException("store must be a mapping; keys: " + String.join(", ", STORE_KEYS.stream().sorted().toList()));
        }
        t.fieldNames().forEachRemaining(k -> {
            if (!STORE_KEYS.contains(k)) {
                throw new GatewayConfigException("unknown key 'store." + k + "'; known keys: "
                        + String.join(", ", STORE_KEYS.stream().sorted().toList()));
            }
        });
        StoreSettings s = StoreSettings.defaults();
        if (t.has("url")) {
            s = s.withUrl(text(t, "url"));
        }
        if (t.has("user")) {
            s = s.withUser(text(t, "user"));
        }
        if (t.has("passwordFile")) {
            s = s.withPasswordFile(file(baseDir, text(t, "passwordFile")));
        }
        if (t.has("poolSize")) {
            s = s.withPoolSize(integer(t, "poolSize"));
        }
        if (t.has("observationRetention")) {
            s = s.withObservationRetention(duration(t.get("observationRetention"), "store.observationRetention"));
        }
        if (t.has("healthRetention")) {
            s = s.withHealthRetention(duration(t.get("healthRetention"), "store.healthRetention"));
        }
        if (t.has("healthPerNode")) {
            s = s.withHealthPerNode(integer(t, "healthPerNode"));
        }
        if (t.has("rejectionRetention")) {
            s = s.withRejectionRetention(duration(t.get("rejectionRetention"), "store.rejectionRetention"));
        }
        if (t.has("rejectionsKept")) {
            s = s.withRejectionsKept(integer(t, "rejectionsKept"));
        }
        if (t.has("pruneEvery")) {
            s = s.withPruneEvery(duration(t.get("pruneEvery"), "store.pruneEvery"));
        }
        if (t.has("twinRepublishWindow")) {
            s = s.withTwinRepublishWindow(duration(t.get("twinRepublishWindow"), "store.twinRepublishWindow"));
        }
        if (t.has("partitions")) {
            s = s.withPartitions(integer(t, "partitions"));
        }
        return s;
    }

    private static Path file(Path baseDir, String name) {
        Path p = Path.of(name);
        return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (!v.isBoolean()) {
            throw new GatewayConfigException(field + " must be true or false: " + v);
        }
        return v.booleanValue();
    }

    private static Duration duration(JsonNode v, String field) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Duration.ofSeconds(v.longValue());
        }
        if (!v.isTextual()) {
            throw new GatewayConfigException(field + " must be a duration such as 90s, 30m, 12h or 1d: " + v);
        }
        return GatewayConfig.parseDuration(field, v.textValue());
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
