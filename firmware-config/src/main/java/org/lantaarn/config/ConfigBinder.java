package org.lantaarn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantaarn.config.settings.DriverCatalog;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Topics;

/**
 * Binds the tree of a {@code lantaarn.config/1} document into a {@link NodeConfig}, collecting every
 * violation with its path instead of stopping at the first. Violations are reported in document order;
 * a missing field comes after the fields present beside it. One instance binds one document; not
 * thread-safe.
 */
final class ConfigBinder {
    static final Set<String> SENSOR_KINDS = Set.of(
            "climate", "particulates", "sound-level", "rain", "motion", "wifi-presence", "people-flow");
    private static final String SENSOR_KIND_LIST = "climate, particulates, sound-level, rain, motion, wifi-presence, people-flow";
    private static final String ID_RULE = "must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit";
    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private static final Duration MAX_WINDOW = Duration.ofHours(1);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Duration MAX_KEY_ROTATION = Duration.ofHours(24);
    private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** A place in the document: its path for people, and its position for ordering violations. */
    private record At(String path, int[] order) {
        static final At ROOT = new At("", new int[0]);

        At field(ObjectNode parent, String name, int fallback) {
            int index = 0;
            int found = -1;
            for (Iterator<String> it = parent.fieldNames(); it.hasNext(); index++) {
                if (it.next().equals(name)) {
                    found = index;
                    break;
                }
            }
            // A missing field sorts after every field present beside it, in the order the fields are read.
            return new At(path.isEmpty() ? name : path + "." + name, append(found >= 0 ? found : 100_000 + fallback));
        }

        /** A field of a mapping that is absent altogether, such as a setting under a missing {@code settings}. */
        At absent(String name, int fallback) {
            return new At(path.isEmpty() ? name : path + "." + name, append(100_000 + fallback));
        }

        At index(int i) {
            return new At(path + "[" + i + "]", append(i));
        }

        private int[] append(int i) {
            int[] o = Arrays.copyOf(order, order.length + 1);
            o[order.length] = i;
            return o;
        }

        String shown() {
            return path.isEmpty() ? "$" : path;
        }
    }

    private record Found(At at, Violation violation) {}

    /** One mapping of the document, with its known field names in the order they are read. */
    private final class Obj {
        final ObjectNode node;
        final At at;
        final List<String> known;

        Obj(ObjectNode node, At at, String... known) {
            this.node = node;
            this.at = at;
            this.known = List.of(known);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!this.known.contains(name)) {
                    violation(fieldAt(name), "unknown field");
                }
            }
        }

        At fieldAt(String name) {
            int fallback = known.indexOf(name);
            return at.field(node, name, fallback < 0 ? known.size() : fallback);
        }

        /** The value of a field, or {@code null} when it is absent or written as null. */
        JsonNode get(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : v;
        }
    }

    private final Path baseDir;
    private final DriverCatalog drivers;
    private final List<Found> found = new ArrayList<>();

    /**
     * @param baseDir the directory of the document, against which relative TLS paths resolve; {@code null} to keep them as written
     * @param drivers the drivers whose declared settings the streams' settings are checked against
     */
    ConfigBinder(Path baseDir, DriverCatalog drivers) {
        this.baseDir = baseDir;
        this.drivers = drivers;
    }

    /** Every violation found, in document order. */
    List<Violation> violations() {
        List<Found> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Found::at, (a, b) -> Arrays.compare(a.order(), b.order())));
        return sorted.stream().map(Found::violation).toList();
    }

    private void violation(At at, String message) {
        found.add(new Found(at, new Violation(at.shown(), message)));
    }

    /** Binds the document root; returns {@code null} when there is any violation. */
    NodeConfig bind(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            violation(At.ROOT, "document is empty");
            return null;
        }
        if (!root.isObject()) {
            violation(At.ROOT, "must be a mapping of fields (schema, node, site, ...)");
            return null;
        }
        Obj o = new Obj((ObjectNode) root, At.ROOT, "schema", "node", "site", "version", "location", "purpose",
                "legalGround", "uplink", "window", "streams", "profile");

        JsonNode schema = o.get("schema");
        if (schema == null || !schema.isTextual() || !schema.textValue().equals(NodeConfig.SCHEMA)) {
            violation(o.fieldAt("schema"), "must be " + NodeConfig.SCHEMA);
        }
        String node = id(o, "node", true);
        String site = id(o, "site", true);
        Long version = integer(o, "version", true);
        if (version != null && version < 1) {
            violation(o.fieldAt("version"), "must be at least 1");
        }
        Location location = location(o);
        String purpose = nonBlank(o, "purpose", "say why the node measures, in plain language (transparency)");
        String legalGround = nonBlank(o, "legalGround", "name the legal ground for measuring (transparency)");
        UplinkConfig uplink = uplink(o);
        Duration window = window(o, "window");
        List<StreamConfig> streams = streams(o);
        HardwareProfile profile = profile(o);
        if (profile != null) {
            streams = streams.stream().map(profile::apply).toList();
        }

        if (!found.isEmpty()) {
            return null;
        }
        return new NodeConfig(node, site, version, location, purpose, legalGround, uplink,
                window == null ? DEFAULT_WINDOW : window, streams);
    }

    // ---------------------------------------------------------------- parts

    private HardwareProfile profile(Obj parent) {
        String name = text(parent, "profile", false);
        if (name == null) {
            return null;
        }
        HardwareProfile p = HardwareProfile.named(name).orElse(null);
        if (p == null) {
            violation(parent.fieldAt("profile"), "must be a known hardware profile: "
                    + HardwareProfile.ALL.stream().map(HardwareProfile::name).toList());
        }
        return p;
    }

    private Location location(Obj parent) {
        Obj l = object(parent, "location", true, "lat", "lon", "height", "description");
        if (l == null) {
            return null;
        }
        Double lat = number(l, "lat", true);
        if (lat != null && !(lat >= -90 && lat <= 90)) {
            violation(l.fieldAt("lat"), "must be between -90 and 90");
        }
        Double lon = number(l, "lon", true);
        if (lon != null && !(lon >= -180 && lon <= 180)) {
            violation(l.fieldAt("lon"), "must be between -180 and 180");
        }
        Double height = number(l, "height", false);
        String description = text(l, "description", false);
        if (description != null && description.length() > Location.MAX_DESCRIPTION_CHARS) {
            violation(l.fieldAt("description"), "must be at most " + Location.MAX_DESCRIPTION_CHARS
                    + " characters (the gateway adds it to every twin message)");
            description = null;
        }
        if (lat == null || lon == null || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            return null;
        }
        return new Location(lat, lon, height, description);
    }

    private UplinkConfig uplink(Obj parent) {
        Obj u = object(parent, "uplink", true, "broker", "topicPrefix", "tls", "sessionExpiry", "outbox");
        if (u == null) {
            return null;
        }
        String broker = text(u, "broker", true);
        boolean ssl = false;
        if (broker != null) {
            String scheme = brokerScheme(broker);
            if (scheme == null) {
                violation(u.fieldAt("broker"), "must be a tcp:// or ssl:// URI with a host, such as ssl://broker.example:8883");
            }
            ssl = "ssl".equals(scheme);
        }
        String prefix = text(u, "topicPrefix", false);
        if (prefix != null) {
            try {
                new Topics(prefix);
            } catch (IllegalArgumentException e) {
                violation(u.fieldAt("topicPrefix"), "must be non-empty, without a leading or trailing '/', '+' or '#'");
            }
        }
        TlsConfig tls = null;
        Obj t = object(u, "tls", false, "ca", "cert", "key");
        if (t != null) {
            Path ca = path(t, "ca");
            Path cert = path(t, "cert");
            Path key = path(t, "key");
            if (broker != null && !ssl && brokerScheme(broker) != null) {
                violation(u.fieldAt("tls"), "needs an ssl:// broker");
            }
            if (ca != null && cert != null && key != null) {
                tls = new TlsConfig(ca, cert, key);
            }
        }
        Duration sessionExpiry = duration(u, "sessionExpiry");
        if (sessionExpiry != null && sessionExpiry.getSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
            violation(u.fieldAt("sessionExpiry"), "must be at most 4294967295s (the MQTT 5 limit)");
        }
        OutboxLimits outbox = outbox(u);
        return broker == null ? null : new UplinkConfig(broker, prefix, tls, sessionExpiry, outbox);
    }

    private static String brokerScheme(String broker) {
        try {
            URI uri = new URI(broker);
            String scheme = uri.getScheme();
            if (("tcp".equals(scheme) || "ssl".equals(scheme)) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null) {
                return scheme;
            }
            return null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private OutboxLimits outbox(Obj parent) {
        Obj o = object(parent, "outbox", false, "maxRows", "maxBytes", "maxAge");
        if (o == null) {
            return null;
        }
        OutboxLimits d = OutboxLimits.defaults();
        Long maxRows = integer(o, "maxRows", false);
        if (maxRows != null && maxRows < 1) {
            violation(o.fieldAt("maxRows"), "must be at least 1");
        }
        Long maxBytes = integer(o, "maxBytes", false);
        if (maxBytes != null && maxBytes < 1) {
            violation(o.fieldAt("maxBytes"), "must be at least 1");
        }
        Duration maxAge = duration(o, "maxAge");
        if (maxAge != null && maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
            violation(o.fieldAt("maxAge"), "must be at least 1s");
        }
        return new OutboxLimits(maxRows == null ? d.maxRows() : maxRows, maxBytes == null ? d.maxBytes() : maxBytes,
                maxAge == null ? d.maxAge() : maxAge);
    }

    private List<StreamConfig> streams(Obj parent) {
        JsonNode v = parent.get("streams");
        At at = parent.fieldAt("streams");
        if (v == null) {
            violation(at, "is required: list at least one stream");
            return List.of();
        }
        if (!v.isArray()) {
            violation(at, "must be a list of streams");
            return List.of();
        }
        ArrayNode list = (ArrayNode) v;
        if (list.isEmpty()) {
            violation(at, "must list at least one stream");
        }
        List<StreamConfig> streams = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            At item = at.index(i);
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                violation(item, "must be a mapping with at least id and sensor");
                continue;
            }
            StreamConfig sc = stream(new Obj((ObjectNode) s, item, "id", "sensor", "driver", "window", "interval",
                    "settings", "privacy", "schedule"), ids);
            if (sc != null) {
                streams.add(sc);
            }
        }
        return streams;
    }

    private StreamConfig stream(Obj s, Set<String> ids) {
        String id = id(s, "id", true);
        if (id != null) {
            String reserved = Ids.streamProblem(id);
            if (reserved != null) {
                violation(s.fieldAt("id"), reserved);
            } else if (!ids.add(id)) {
                violation(s.fieldAt("id"), "duplicate stream id '" + id + "'");
            }
        }
        String sensor = text(s, "sensor", true);
        if (sensor != null && !SENSOR_KINDS.contains(sensor)) {
            violation(s.fieldAt("sensor"), "must be one of " + SENSOR_KIND_LIST);
        }
        String driver = text(s, "driver", false);
        if (driver != null && driver.isBlank()) {
            violation(s.fieldAt("driver"), "must not be blank");
        }
        Duration window = window(s, "window");
        Duration interval = duration(s, "interval");
        if (interval != null && (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0)) {
            violation(s.fieldAt("interval"), "must be between 100ms and 1h");
        }
        Map<String, String> settings = settings(s, sensor, driver);
        PrivacyConfig privacy = privacy(s);
        String schedule = text(s, "schedule", false);
        if (schedule != null) {
            Schedule.problem(schedule).ifPresent(why -> violation(s.fieldAt("schedule"), why));
        }
        if (id == null || sensor == null) {
            return null;
        }
        return new StreamConfig(id, sensor, driver, window, interval, settings, privacy, schedule);
    }

    private Map<String, String> settings(Obj parent, String sensor, String driver) {
        Obj o = object(parent, "settings", false);
        Map<String, String> settings = o == null ? Map.of() : settingValues(o);
        if (sensor == null || !SENSOR_KINDS.contains(sensor) || (driver != null && driver.isBlank())
                || (parent.get("settings") != null && o == null)) {
            return settings;
        }
        At settingsAt = parent.fieldAt("settings");
        for (DriverCatalog.Problem p : drivers.check(sensor, driver, settings)) {
            violation(o != null && o.node.has(p.setting()) ? o.fieldAt(p.setting()) : settingsAt.absent(p.setting(), 0), p.message());
        }
        return settings;
    }

    private Map<String, String> settingValues(Obj o) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                violation(o.fieldAt(e.getKey()), "must have a value");
            } else if (!v.isValueNode()) {
                violation(o.fieldAt(e.getKey()), "must be a single value (text, number or true/false), not a list or mapping");
            } else {
                settings.put(e.getKey(), v.asText());
            }
        }
        return settings;
    }

    private PrivacyConfig privacy(Obj parent) {
        Obj p = object(parent, "privacy", false, "k", "epsilon", "keyRotation", "probeClip");
        if (p == null) {
            return PrivacyConfig.defaults();
        }
        Long k = integer(p, "k", false);
        if (k != null && k < 2) {
            violation(p.fieldAt("k"), "must be at least 2");
        } else if (k != null && k > Integer.MAX_VALUE) {
            violation(p.fieldAt("k"), "must be at most " + Integer.MAX_VALUE);
        }
        Double epsilon = number(p, "epsilon", false);
        if (epsilon != null && !(epsilon > 0)) {
            violation(p.fieldAt("epsilon"), "must be greater than 0");
        } else if (epsilon != null && epsilon > PrivacyConfig.MAX_EPSILON) {
            violation(p.fieldAt("epsilon"), "must be at most " + (int) PrivacyConfig.MAX_EPSILON);
        } else if (epsilon != null && java.math.BigDecimal.valueOf(epsilon).stripTrailingZeros().scale() > PrivacyConfig.MAX_EPSILON_DECIMALS) {
            violation(p.fieldAt("epsilon"), "must have at most " + PrivacyConfig.MAX_EPSILON_DECIMALS + " decimals, so the noise can be drawn exactly");
        }
        Long probeClip = integer(p, "probeClip", false);
        if (probeClip != null && (probeClip < 1 || probeClip > PrivacyConfig.MAX_PROBE_CLIP)) {
            violation(p.fieldAt("probeClip"), "must be between 1 and " + PrivacyConfig.MAX_PROBE_CLIP);
        }
        Duration keyRotation = duration(p, "keyRotation");
        if (keyRotation != null && keyRotation.compareTo(MAX_KEY_ROTATION) > 0) {
            violation(p.fieldAt("keyRotation"), "must be at most 24h");
        } else if (keyRotation != null && keyRotation.compareTo(Duration.ofSeconds(1)) < 0) {
            violation(p.fieldAt("keyRotation"), "must be at least 1s");
        }
        return new PrivacyConfig(k == null || k > Integer.MAX_VALUE ? PrivacyConfig.DEFAULT_K : k.intValue(), epsilon,
                keyRotation == null ? PrivacyConfig.DEFAULT_KEY_ROTATION : keyRotation,
                probeClip == null || probeClip < 1 || probeClip > PrivacyConfig.MAX_PROBE_CLIP
                        ? PrivacyConfig.DEFAULT_PROBE_CLIP : probeClip.intValue());
    }

    private Duration window(Obj parent, String name) {
        Duration w = duration(parent, name);
        if (w == null) {
            return null;
        }
        if (w.compareTo(MIN_WINDOW) < 0 || w.compareTo(MAX_WINDOW) > 0) {
            violation(parent.fieldAt(name), "must be between 1s and 1h");
        } else if (DAY_MILLIS % w.toMillis() != 0) {
            violation(parent.fieldAt(name), "must divide a day evenly, so that windows align on the clock (e.g. 1m, 5m, 15m, 1h); "
                    + Durations.format(w) + " does not");
        }
        return w;
    }

    // ---------------------------------------------------------------- values

    private Obj object(Obj parent, String name, boolean required, String... known) {
        JsonNode v = parent.get(name);
        At at = parent.fieldAt(name);
        if (v == null) {
            if (required) {
                violation(at, "is required");
            }
            return null;
        }
        if (!v.isObject()) {
            violation(at, "must be a mapping of fields");
            return null;
        }
        return known.length == 0 ? new Obj((ObjectNode) v, at, keysOf(v)) : new Obj((ObjectNode) v, at, known);
    }

    private static String[] keysOf(JsonNode v) {
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        return keys.toArray(String[]::new);
    }

    private String text(Obj o, String name, boolean required) {
        JsonNode v = o.get(name);
        if (v == null) {
            if (required) {
                violation(o.fieldAt(name), "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            violation(o.fieldAt(name), v.isValueNode() ? "must be text (put it in quotes)" : "must be text");
            return null;
        }
        return v.textValue();
    }

    private String nonBlank(Obj o, String name, String why) {
        JsonNode v = o.get(name);
        if (v == null) {
            violation(o.fieldAt(name), "is required: " + why);
            return null;
        }
        String s = text(o, name, true);
        if (s != null && s.isBlank()) {
            violation(o.fieldAt(name), "must not be blank: " + why);
            return null;
        }
        return s;
    }

    private String id(Obj o, String name, boolean required) {
        String s = text(o, name, required);
        if (s != null && !Ids.isValid(s)) {
            violation(o.fieldAt(name), ID_RULE);
            return null;
        }
        return s;
    }

    private Long integer(Obj o, String name, boolean required) {
        JsonNode v = o.get(name);
        if (v == null) {
            if (required) {
                violation(o.fieldAt(name), "is required");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            violation(o.fieldAt(name), "must be an integer");
            return null;
        }
        return v.longValue();
    }

    private Double number(Obj o, String name, boolean required) {
        JsonNode v = o.get(name);
        if (v == null) {
            if (required) {
                violation(o.fieldAt(name), "is required");
            }
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            violation(o.fieldAt(name), "must be a number");
            return null;
        }
        return v.doubleValue();
    }

    private Duration duration(Obj o, String name) {
        JsonNode v = o.get(name);
        if (v == null) {
            return null;
        }
        Duration d = null;
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0 && v.longValue() <= 999_999_999L) {
            d = Duration.ofSeconds(v.longValue());
        } else if (v.isTextual()) {
            d = Durations.parse(v.textValue());
        }
        if (d == null) {
            violation(o.fieldAt(name), "must be a duration such as 500ms, 30s, 5m, 1h or 1d (or a whole number of seconds)");
        }
        return d;
    }

    private Path path(Obj o, String name) {
        String s = text(o, name, true);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            violation(o.fieldAt(name), "must be the path of a PEM file");
            return null;
        }
        try {
            Path p = Path.of(s);
            return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
        } catch (InvalidPathException e) {
            violation(o.fieldAt(name), "must be the path of a PEM file: " + e.getReason());
            return null;
        }
    }
}
