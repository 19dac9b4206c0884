package org.lantaarn.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Encodes messages to UTF-8 JSON and decodes outside bytes into a {@link Decoded} verdict with a
 * precise reason. Decoding never throws for bad input. Thread-safe.
 */
public final class JsonCodec {
    /** Largest payload accepted, in bytes: 64 KiB. A twin copy never exceeds it. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /**
     * The most bytes the gateway adds to a node's message in its twin copy: {@code site} (an id, at most 64
     * characters), {@code location} (three numbers and a description of at most {@link Location#MAX_DESCRIPTION_CHARS}
     * characters) and {@code metadata} (the sensor kind, at most {@link Observation#MAX_SENSOR_CHARS}; the runtime
     * version, at most {@link Status#MAX_RUNTIME_VERSION_CHARS}; the configuration version), each character counted
     * at its longest JSON form (6 bytes: a control character written as a backslash-u escape). The worst case is
     * about 2.3 KiB; the margin is 4 KiB.
     */
    public static final int TWIN_ENRICHMENT_BYTES = 4 * 1024;
    /**
     * Largest payload a node may publish on its own topics ({@code nodes/{node}/...}), in bytes: 60 KiB, so that
     * what is stored and receipted always fits the twin's {@link #MAX_PAYLOAD_BYTES} with the gateway's additions.
     */
    public static final int MAX_NODE_PAYLOAD_BYTES = MAX_PAYLOAD_BYTES - TWIN_ENRICHMENT_BYTES;
    /**
     * Largest {@code lantaarn.signed-config/1} payload accepted on a config topic, in bytes: 96 KiB, room for a
     * 64 KiB document in base64 with its envelope.
     */
    public static final int MAX_SIGNED_CONFIG_BYTES = 96 * 1024;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Times outside these bounds are refused: they cannot be real windows, and would overflow epoch milliseconds. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** Schema ids safe to repeat in a rejection detail. */
    private static final java.util.regex.Pattern SAFE_SCHEMA = java.util.regex.Pattern.compile("lantaarn\\.[a-z-]{1,40}/[0-9]{1,4}");

    private final ObjectMapper mapper;
    private final Topics topics;

    public JsonCodec(Topics topics) {
        this.topics = topics;
        this.mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(MAX_SIGNED_CONFIG_BYTES).maxNumberLength(64).build());
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonCodec() {
        this(Topics.defaults());
    }

    public Topics topics() {
        return topics;
    }

    // ---------------------------------------------------------------- encode

    /** The JSON bytes of a message, {@code schema} first. */
    public byte[] encode(Message m) {
        try {
            return mapper.writeValueAsBytes(toTree(m));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON text of a message. */
    public String encodeToString(Message m) {
        return new String(encode(m), StandardCharsets.UTF_8);
    }

    /** The JSON tree of a message, for callers that embed it in a larger document. */
    public ObjectNode toTree(Message m) {
        ObjectNode o = F.objectNode();
        o.put("schema", m.schema());
        o.put("node", m.node());
        switch (m) {
            case Observation ob -> {
                o.put("stream", ob.stream());
                o.put("sensor", ob.sensor());
                o.put("seq", ob.seq());
                o.put("start", ob.start().toString());
                o.put("end", ob.end().toString());
                ObjectNode values = o.putObject("values");
                ob.values().forEach((k, v) -> putNumber(values, k, v));
                ObjectNode units = o.putObject("units");
                ob.units().forEach(units::put);
                ObjectNode q = o.putObject("quality");
                q.put("coverage", ob.quality().coverage());
                strings(q.putArray("flags"), ob.quality().flags());
                privacy(o.putObject("privacy"), ob.privacy());
                if (ob.site() != null) {
                    o.put("site", ob.site());
                }
                if (ob.location() != null) {
                    location(o.putObject("location"), ob.location());
                }
                if (ob.metadata() != null) {
                    ObjectNode md = o.putObject("metadata");
                    ob.metadata().forEach(md::put);
                }
            }
            case Gap g -> {
                o.put("stream", g.stream());
                o.put("seq", g.seq());
                o.put("from", g.from().toString());
                o.put("to", g.to().toString());
                o.put("windows", g.windows());
                o.put("reason", g.reason());
                if (!g.replaces().isEmpty()) {
                    ArrayNode replaces = o.putArray("replaces");
                    for (SeqRange r : g.replaces()) {
                        replaces.addObject().put("first", r.first()).put("last", r.last());
                    }
                }
            }
            case Status s -> {
                o.put("state", s.state().wire());
                putInstant(o, "at", s.at());
                putText(o, "runtimeVersion", s.runtimeVersion());
                if (s.configVersion() != null) {
                    o.put("configVersion", s.configVersion());
                }
                putText(o, "configHash", s.configHash());
                putText(o, "site", s.site());
                if (s.location() != null) {
                    location(o.putObject("location"), s.location());
                }
                ArrayNode streams = o.putArray("streams");
                for (StreamInfo si : s.streams()) {
                    ObjectNode so = streams.addObject();
                    so.put("id", si.id());
                    so.put("sensor", si.sensor());
                    so.put("windowSeconds", si.windowSeconds());
                    PrivacyManifest pm = si.privacy();
                    ObjectNode po = so.putObject("privacy");
                    po.put("measures", pm.measures());
                    po.put("personalDataInRawInput", pm.personalDataInRawInput());
                    nullableInt(po, "k", pm.k());
                    nullableDouble(po, "epsilon", pm.epsilon());
                    if (pm.keyRotationSeconds() == null) {
                        po.putNull("keyRotationSeconds");
                    } else {
                        po.put("keyRotationSeconds", pm.keyRotationSeconds());
                    }
                    po.put("rawData", pm.rawData());
                    if (!pm.disclosures().isEmpty()) {
                        ObjectNode d = po.putObject("disclosures");
                        pm.disclosures().forEach(d::put);
                    }
                    if (pm.clip() != null) {
                        po.put("clip", pm.clip());
                    }
                }
            }
            case Health h -> {
                o.put("at", h.at().toString());
                o.put("uptimeSeconds", h.uptimeSeconds());
                o.put("outboxDepth", h.outboxDepth());
                if (h.oldestUnconfirmedAgeSeconds() == null) {
                    o.putNull("oldestUnconfirmedAgeSeconds");
                } else {
                    o.put("oldestUnconfirmedAgeSeconds", h.oldestUnconfirmedAgeSeconds());
                }
                ObjectNode streams = o.putObject("streams");
                h.streams().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                    ObjectNode so = streams.putObject(e.getKey());
                    StreamHealth sh = e.getValue();
                    so.put("faults", sh.faults());
                    so.put("state", sh.state());
                });
                strings(o.putArray("alarms"), h.alarms());
            }
            case ConfigAck a -> {
                o.put("version", a.version());
                putText(o, "sha256", a.sha256());
                o.put("result", a.result().wire());
                putText(o, "reason", a.reason());
                o.put("at", a.at().toString());
            }
            case Receipt r -> {
                o.put("seq", r.seq());
                o.put("at", r.at().toString());
            }
            case SignedConfig c -> {
                o.put("version", c.version());
                o.put("keyId", c.keyId());
                o.put("algorithm", SignedConfig.ALGORITHM);
                o.put("document", java.util.Base64.getEncoder().encodeToString(c.document()));
                o.put("signature", java.util.Base64.getEncoder().encodeToString(c.signature()));
            }
        }
        return o;
    }

    private static void putNumber(ObjectNode o, String name, Double v) {
        if (v == null) {
            o.putNull(name);
        } else if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15 && !isNegativeZero(v)) {
            o.put(name, v.longValue());
        } else {
            o.put(name, v);
        }
    }

    private static boolean isNegativeZero(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(-0.0);
    }

    private static void putText(ObjectNode o, String name, String v) {
        if (v != null) {
            o.put(name, v);
        }
    }

    private static void putInstant(ObjectNode o, String name, Instant v) {
        if (v != null) {
            o.put(name, v.toString());
        }
    }

    private static void nullableInt(ObjectNode o, String name, Integer v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    private static void nullableDouble(ObjectNode o, String name, Double v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void privacy(ObjectNode o, Privacy p) {
        nullableInt(o, "k", p.k());
        strings(o.putArray("suppressed"), p.suppressed());
        nullableDouble(o, "epsilon", p.epsilon());
        if (p.keyEpochStart() == null) {
            o.putNull("keyEpochStart");
        } else {
            o.put("keyEpochStart", p.keyEpochStart().toString());
        }
        if (p.clip() != null) {
            o.put("clip", p.clip());
        }
        if (!p.epsilons().isEmpty()) {
            ObjectNode e = o.putObject("epsilons");
            p.epsilons().forEach(e::put);
        }
    }

    private static void location(ObjectNode o, Location l) {
        o.put("lat", l.lat());
        o.put("lon", l.lon());
        if (l.height() != null) {
            o.put("height", l.height());
        }
        putText(o, "description", l.description());
    }

    // ---------------------------------------------------------------- decode

    /**
     * Decodes a payload received on {@code topic}: the topic must be in the tree, the schema must be one
     * that travels on that kind of topic, and the node (and stream) in the payload must match the topic.
     */
    public Decoded decode(String topic, byte[] payload) {
        Optional<Topics.Ref> ref = topics.parse(topic);
        if (ref.isEmpty()) {
            return Decoded.rejected(Rejection.Reason.UNKNOWN_TOPIC, "topic is not in the lantaarn tree: " + truncate(topic));
        }
        Decoded d = decode(payload, limitOn(ref.get().kind()));
        if (!(d instanceof Decoded.Accepted(Message m))) {
            return d;
        }
        Topics.Ref r = ref.get();
        if (!allowedOn(r.kind(), m)) {
            return Decoded.rejected(Rejection.Reason.WRONG_SCHEMA_FOR_TOPIC,
                    "schema '" + m.schema() + "' does not travel on a " + r.kind().name().toLowerCase().replace('_', '-') + " topic");
        }
        if (!m.node().equals(r.node())) {
            return Decoded.rejected(Rejection.Reason.NODE_MISMATCH,
                    "field 'node' differs from the node in the topic");
        }
        String stream = switch (m) {
            case Observation o -> o.stream();
            case Gap g -> g.stream();
            default -> null;
        };
        if (stream != null && r.stream() != null && !stream.equals(r.stream())) {
            return Decoded.rejected(Rejection.Reason.STREAM_MISMATCH,
                    "field 'stream' differs from the stream in the topic");
        }
        String site = switch (m) {
            case Observation o -> o.site();
            case Status s -> s.site();
            default -> null;
        };
        // A gap carries no site (its twin copy is the node's gap as stored), so only enriched messages are checked.
        if ((r.kind() == Topics.Kind.TWIN_OBS || r.kind() == Topics.Kind.TWIN_STATUS) && !(m instanceof Gap) && !r.site().equals(site)) {
            return Decoded.rejected(Rejection.Reason.INVALID_VALUE,
                    "field 'site' differs from the site in the topic");
        }
        return d;
    }

    /** The size limit of a payload on a kind of topic: what nodes publish leaves room for the twin copy. */
    public static int limitOn(Topics.Kind kind) {
        return switch (kind) {
            case STATUS, OBS, HEALTH, CONFIG_ACK -> MAX_NODE_PAYLOAD_BYTES;
            case CONFIG -> MAX_SIGNED_CONFIG_BYTES;
            case RECEIPT, TWIN_OBS, TWIN_STATUS -> MAX_PAYLOAD_BYTES;
        };
    }

    private static boolean allowedOn(Topics.Kind kind, Message m) {
        return switch (kind) {
            case STATUS, TWIN_STATUS -> m instanceof Status;
            case OBS -> m instanceof Observation || m instanceof Gap;
            case TWIN_OBS -> m instanceof Observation || m instanceof Gap;
            case HEALTH -> m instanceof Health;
            case CONFIG_ACK -> m instanceof ConfigAck;
            case RECEIPT -> m instanceof Receipt;
            case CONFIG -> m instanceof SignedConfig;
        };
    }

    /** Decodes a payload on its own, without a topic to check it against. */
    public Decoded decode(byte[] payload) {
        return decode(payload, MAX_PAYLOAD_BYTES);
    }

    /** Decodes a signed configuration on its own (its limit is {@link #MAX_SIGNED_CONFIG_BYTES}, not 64 KiB). */
    public Decoded decodeSignedConfig(byte[] payload) {
        Decoded d = decode(payload, MAX_SIGNED_CONFIG_BYTES);
        if (d instanceof Decoded.Accepted(Message m) && !(m instanceof SignedConfig)) {
            return Decoded.rejected(Rejection.Reason.WRONG_SCHEMA_FOR_TOPIC,
                    "schema '" + m.schema() + "' is not " + SchemaIds.SIGNED_CONFIG);
        }
        return d;
    }

    private Decoded decode(byte[] payload, int limit) {
        if (payload == null || payload.length == 0) {
            return Decoded.rejected(Rejection.Reason.MALFORMED_JSON, "empty payload");
        }
        if (payload.length > limit) {
            return Decoded.rejected(Rejection.Reason.TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds the limit of " + limit + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            return Decoded.rejected(Rejection.Reason.MALFORMED_JSON, "not valid JSON" + where(e));
        }
        if (root == null || !root.isObject()) {
            return Decoded.rejected(Rejection.Reason.WRONG_TYPE, "payload must be a JSON object");
        }
        try {
            Reader in = new Reader((ObjectNode) root, "");
            String schema = in.text("schema");
            Message m = switch (schema) {
                case SchemaIds.OBS -> observation(in);
                case SchemaIds.GAP -> gap(in);
                case SchemaIds.STATUS -> status(in);
                case SchemaIds.HEALTH -> health(in);
                case SchemaIds.CONFIG_ACK -> new ConfigAck(in.text("node"), in.nonNegativeLong("version"),
                        in.optText("sha256"), in.parse("result", ConfigAck.Result::fromWire), in.optText("reason"),
                        in.instant("at"));
                case SchemaIds.RECEIPT -> new Receipt(in.text("node"), in.nonNegativeLong("seq"), in.instant("at"));
                case SchemaIds.SIGNED_CONFIG -> signedConfig(in);
                default -> throw new Refused(Rejection.Reason.UNKNOWN_SCHEMA, SAFE_SCHEMA.matcher(schema).matches()
                        ? "unknown schema '" + schema + "'"
                        : "unknown schema (not a lantaarn.<type>/<version> id)");
            };
            return new Decoded.Accepted(m);
        } catch (Refused r) {
            return Decoded.rejected(r.reason, r.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            // A record's compact constructor refused a value; its message names the field.
            return Decoded.rejected(Rejection.Reason.INVALID_VALUE, String.valueOf(e.getMessage()));
        }
    }

    private static SignedConfig signedConfig(Reader in) {
        String node = in.text("node");
        long version = in.nonNegativeLong("version");
        String keyId = in.text("keyId");
        String algorithm = in.text("algorithm");
        if (!SignedConfig.ALGORITHM.equals(algorithm)) {
            throw new Refused(Rejection.Reason.INVALID_VALUE, "field 'algorithm' must be " + SignedConfig.ALGORITHM);
        }
        byte[] document = base64(in, "document");
        if (document.length > SignedConfig.MAX_DOCUMENT_BYTES) {
            throw new Refused(Rejection.Reason.TOO_LARGE, "configuration document of " + document.length
                    + " bytes exceeds the limit of " + SignedConfig.MAX_DOCUMENT_BYTES + " bytes");
        }
        return new SignedConfig(node, version, keyId, document, base64(in, "signature"));
    }

    private static byte[] base64(Reader in, String field) {
        try {
            return java.util.Base64.getDecoder().decode(in.text(field));
        } catch (IllegalArgumentException e) {
            throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + in.p(field) + " must be base64");
        }
    }

    private static Observation observation(Reader in) {
        String node = in.text("node");
        String stream = in.text("stream");
        String sensor = in.text("sensor");
        long seq = in.positiveLong("seq");
        Instant start = in.instant("start");
        Instant end = in.instant("end");
        if (!end.isAfter(start)) {
            throw new Refused(Rejection.Reason.INVALID_VALUE, "field 'end' must be after 'start': " + start + " .. " + end);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Reader vals = in.object("values");
        for (Map.Entry<String, JsonNode> e : vals.fields()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                values.put(e.getKey(), null);
            } else if (v.isNumber()) {
                values.put(e.getKey(), v.doubleValue());
            } else {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field 'values." + e.getKey() + "' must be a number or null");
            }
        }
        Map<String, String> units = new LinkedHashMap<>();
        Reader u = in.object("units");
        for (Map.Entry<String, JsonNode> e : u.fields()) {
            units.put(e.getKey(), u.text(e.getKey()));
        }
        Reader q = in.object("quality");
        Quality quality = new Quality(q.number("coverage"), q.stringList("flags"));
        Privacy privacy = privacyOf(in.object("privacy"));
        String site = in.optText("site");
        Location location = in.has("location") ? locationOf(in.object("location")) : null;
        Map<String, String> metadata = null;
        if (in.has("metadata")) {
            metadata = new LinkedHashMap<>();
            Reader md = in.object("metadata");
            for (Map.Entry<String, JsonNode> e : md.fields()) {
                metadata.put(e.getKey(), md.text(e.getKey()));
            }
        }
        return new Observation(node, stream, sensor, seq, start, end, values, units, quality, privacy, site, location, metadata);
    }

    private static Gap gap(Reader in) {
        List<SeqRange> replaces = new ArrayList<>();
        if (in.has("replaces")) {
            for (Reader r : in.objectList("replaces")) {
                long first = r.positiveLong("first");
                long last = r.positiveLong("last");
                if (last < first) {
                    throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + r.p("last") + " must not be below 'first'");
                }
                replaces.add(new SeqRange(first, last));
            }
        }
        return new Gap(in.text("node"), in.text("stream"), in.positiveLong("seq"), in.instant("from"), in.instant("to"),
                in.positiveLong("windows"), in.text("reason"), replaces);
    }

    private static Privacy privacyOf(Reader p) {
        Long clip = p.optLong("clip");
        if (clip != null && (clip < 1 || clip > Integer.MAX_VALUE)) {
            throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p.p("clip") + " must be an integer from 1 to " + Integer.MAX_VALUE);
        }
        Map<String, Double> epsilons = new LinkedHashMap<>();
        if (p.has("epsilons")) {
            Reader e = p.object("epsilons");
            for (Map.Entry<String, JsonNode> f : e.fields()) {
                Double v = e.optNumber(f.getKey());
                if (v == null || !(v > 0)) {
                    throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + e.p(f.getKey()) + " must be a positive number");
                }
                epsilons.put(f.getKey(), v);
            }
        }
        return new Privacy(kOf(p), p.stringList("suppressed"), p.optNumber("epsilon"), p.optInstant("keyEpochStart"),
                clip == null ? null : clip.intValue(), epsilons);
    }

    /** The optional {@code k} of a privacy object: an integer from 2 to 2^31-1. */
    private static Integer kOf(Reader p) {
        Long k = p.optLong("k");
        if (k != null && (k < 2 || k > Integer.MAX_VALUE)) {
            throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p.p("k") + " must be an integer from 2 to " + Integer.MAX_VALUE);
        }
        return k == null ? null : k.intValue();
    }

    private static Location locationOf(Reader l) {
        return new Location(l.number("lat"), l.number("lon"), l.optNumber("height"), l.optText("description"));
    }

    private static Status status(Reader in) {
        List<StreamInfo> streams = new ArrayList<>();
        if (in.has("streams")) {
            for (Reader s : in.objectList("streams")) {
                Reader p = s.object("privacy");
                Map<String, String> disclosures = new LinkedHashMap<>();
                if (p.has("disclosures")) {
                    Reader d = p.object("disclosures");
                    for (Map.Entry<String, JsonNode> f : d.fields()) {
                        String kind = d.text(f.getKey());
                        if (!Set.of("person", "environment", "technical").contains(kind)) {
                            throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + d.p(f.getKey()) + " must be person, environment or technical");
                        }
                        disclosures.put(f.getKey(), kind);
                    }
                }
                Long clip = p.optLong("clip");
                if (clip != null && (clip < 1 || clip > Integer.MAX_VALUE)) {
                    throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p.p("clip") + " must be an integer from 1 to " + Integer.MAX_VALUE);
                }
                PrivacyManifest pm = new PrivacyManifest(p.text("measures"), p.bool("personalDataInRawInput"),
                        kOf(p), p.optNumber("epsilon"),
                        p.optLong("keyRotationSeconds"), p.text("rawData"), disclosures, clip == null ? null : clip.intValue());
                streams.add(new StreamInfo(s.text("id"), s.text("sensor"), s.positiveLong("windowSeconds"), pm));
            }
        }
        return new Status(in.text("node"), in.parse("state", Status.State::fromWire), in.optInstant("at"),
                in.optText("runtimeVersion"), in.optLong("configVersion"), in.optText("configHash"),
                in.optText("site"), in.has("location") ? locationOf(in.object("location")) : null, streams);
    }

    private static Health health(Reader in) {
        Map<String, StreamHealth> streams = new LinkedHashMap<>();
        Reader ss = in.object("streams");
        for (Map.Entry<String, JsonNode> e : ss.fields()) {
            Reader s = ss.object(e.getKey());
            streams.put(e.getKey(), new StreamHealth(s.nonNegativeLong("faults"), s.text("state")));
        }
        return new Health(in.text("node"), in.instant("at"), in.nonNegativeLong("uptimeSeconds"),
                in.nonNegativeLong("outboxDepth"), in.optLong("oldestUnconfirmedAgeSeconds"), streams,
                in.has("alarms") ? in.stringList("alarms") : List.of());
    }

    /**
     * Where the parser stopped, never what it read: a rejection detail is logged and stored, and the
     * bytes of a refused payload may hold anything, personal data included.
     */
    private static String where(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            return " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        }
        return "";
    }

    private static String truncate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    /** Internal control flow for a refusal found deep in a payload. */
    private static final class Refused extends RuntimeException {
        final Rejection.Reason reason;

        Refused(Rejection.Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** Reads typed fields of one JSON object, refusing with the field's full path. */
    private record Reader(ObjectNode node, String path) {
        String p(String field) {
            return "'" + path + field + "'";
        }

        boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull();
        }

        private JsonNode req(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new Refused(Rejection.Reason.MISSING_FIELD, "missing field " + p(field));
            }
            return v;
        }

        String text(String field) {
            JsonNode v = req(field);
            if (!v.isTextual()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be a string");
            }
            return v.textValue();
        }

        String optText(String field) {
            return has(field) ? text(field) : null;
        }

        boolean bool(String field) {
            JsonNode v = req(field);
            if (!v.isBoolean()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be true or false");
            }
            return v.booleanValue();
        }

        double number(String field) {
            JsonNode v = req(field);
            if (!v.isNumber()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be a number");
            }
            return v.doubleValue();
        }

        Double optNumber(String field) {
            return has(field) ? number(field) : null;
        }

        long integer(String field) {
            JsonNode v = req(field);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be an integer");
            }
            return v.longValue();
        }

        Long optLong(String field) {
            return has(field) ? integer(field) : null;
        }

        long positiveLong(String field) {
            long v = integer(field);
            if (v < 1) {
                throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p(field) + " must be at least 1: " + v);
            }
            return v;
        }

        long nonNegativeLong(String field) {
            long v = integer(field);
            if (v < 0) {
                throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p(field) + " must not be negative: " + v);
            }
            return v;
        }

        Instant instant(String field) {
            String s = text(field);
            try {
                Instant t = Instant.parse(s);
                if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                    throw new Refused(Rejection.Reason.INVALID_VALUE,
                            "field " + p(field) + " must be a time between the years 1970 and 9999");
                }
                return t;
            } catch (DateTimeParseException e) {
                throw new Refused(Rejection.Reason.INVALID_VALUE,
                        "field " + p(field) + " must be an ISO-8601 UTC time such as 2026-05-01T12:00:00Z");
            }
        }

        Instant optInstant(String field) {
            return has(field) ? instant(field) : null;
        }

        <T> T parse(String field, java.util.function.Function<String, T> parser) {
            String s = text(field);
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException e) {
                throw new Refused(Rejection.Reason.INVALID_VALUE, "field " + p(field) + ": " + e.getMessage());
            }
        }

        Reader object(String field) {
            JsonNode v = req(field);
            if (!v.isObject()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be an object");
            }
            return new Reader((ObjectNode) v, path + field + ".");
        }

        List<String> stringList(String field) {
            JsonNode v = req(field);
            if (!v.isArray()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be an array of strings");
                }
                out.add(e.textValue());
            }
            return out;
        }

        List<Reader> objectList(String field) {
            JsonNode v = req(field);
            if (!v.isArray()) {
                throw new Refused(Rejection.Reason.WRONG_TYPE, "field " + p(field) + " must be an array of objects");
            }
            List<Reader> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : v) {
                if (!e.isObject()) {
                    throw new Refused(Rejection.Reason.WRONG_TYPE, "field '" + path + field + "[" + i + "]' must be an object");
                }
                out.add(new Reader((ObjectNode) e, path + field + "[" + i + "]."));
                i++;
            }
            return out;
        }

        Iterable<Map.Entry<String, JsonNode>> fields() {
            return node.properties();
        }
    }
}
