package org.lantaarn.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.auth.Principal;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.rollout.ConfigRollout;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' HTTP API, JSON only:
 *
 * <pre>
 * GET /api/v1/nodes                                          the fleet
 * GET /api/v1/nodes/{node}                                   one node (404 if unknown)
 * GET /api/v1/nodes/{node}/streams/{stream}/observations     ?from=&amp;to=&amp;limit= (ISO-8601; last 24 h, 1000, max 10000)
 * GET /api/v1/rejections                                     counts per reason and the newest 100
 * PUT /api/v1/nodes/{node}/config                            a lantaarn.signed-config/1: checked, published retained (operator)
 * GET /api/v1/openapi.json                                   the OpenAPI 3.1 description of all this (open)
 * GET /sta/v1.1/...                                          SensorThings API 1.1, read-only (reads' rule)
 * GET /healthz                                               200 {"status":"ok","mqtt":...}, 503 when the store is not usable
 * </pre>
 *
 * and, given a {@link Console}, the operators' console at {@code /}, its server-sent events and {@code /metrics}
 * ({@link ConsoleRoutes}).
 *
 * Following the Dutch API Design Rules: the major version is in the path (the old {@code /api/...} paths answer 308
 * to {@code /api/v1/...} for one release), every response carries {@code API-Version: <full version>}, and errors
 * are {@code application/problem+json} (RFC 9457).
 *
 * Every {@code /api} call needs {@code Authorization: Bearer <token>}: reads a viewer or operator token (unless
 * {@link ApiAccess#openReads()}), changes an operator token; a missing or unknown token gets 401, a viewer token on a
 * change 403. Every change, refused or not, is written to the audit log, and so is every refused call (401, 403,
 * 413, 422) on any route. {@code /healthz} is open: it says only
 * whether the gateway works.
 *
 * Errors are problem documents {@code {"type","title","status","detail","instance"}} (plus {@code error}, as in
 * release 0.1); a failure inside a handler is a 500 without a stack trace.
 * Handlers run on Javalin's (virtual) threads and read from the store only.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Default and largest {@code limit} of the observations query. */
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    private static final int RECENT_REJECTIONS = 100;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Refusals written to the audit log on any route (a change's refusals are written whatever their status). */
    private static final java.util.Set<Integer> AUDITED = java.util.Set.of(401, 403, 413, 422);
    /** Request attribute: who asked, for the audit log. */
    private static final String ACTOR = "lantaarn.actor";

    private final GatewayStore store;
    private final Fleet fleet;
    private final JsonCodec codec;
    private final Clock clock;
    private final Supplier<String> mqttState;
    private final ApiAccess access;
    private final ObjectMapper mapper = new ObjectMapper();
    private org.lantaarn.sta.StaService sta;
    private Javalin app;
    private Console console = new Console(null, null, null);
    private ConsoleRoutes consoleRoutes;

    public HttpApi(GatewayStore store, Fleet fleet, JsonCodec codec, Clock clock, Supplier<String> mqttState, ApiAccess access) {
        this.access = java.util.Objects.requireNonNull(access, "access");
        this.store = store;
        this.fleet = fleet;
        this.codec = codec;
        this.clock = clock;
        this.mqttState = mqttState;
    }

    /** Also serves the console, its events and {@code /metrics} (see {@link ConsoleRoutes}); call before {@link #start}. */
    public HttpApi console(Console console) {
        this.console = java.util.Objects.requireNonNull(console, "console");
        return this;
    }

    /** Serves SensorThings at {@code /sta/v1.1} (reads, same tokens as the other reads); call before {@link #start}. */
    public HttpApi sensorThings(org.lantaarn.sta.StaService service) {
        this.sta = service;
        return this;
    }

    /** Starts listening on {@code host:port} ({@code port} 0: a free port), plain HTTP. */
    public void start(String host, int port) {
        start(host, port, null);
    }

    /** Starts listening on {@code host:port}: HTTPS only when {@code tls} is given, plain HTTP otherwise. */
    public void start(String host, int port, javax.net.ssl.SSLContext tls) {
        consoleRoutes = new ConsoleRoutes(this, console, () -> nodesBody().toString());
        app = Javalin.create(cfg -> {
            consoleRoutes.register(cfg);
            if (tls != null) {
                cfg.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, tls, host, port));
            }
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.before(ctx -> ctx.header(ApiVersion.HEADER, ApiVersion.FULL));
            cfg.routes.get("/healthz", this::healthz);
            cfg.routes.get(ApiVersion.BASE + "/openapi.json", ApiVersion::openApi);
            cfg.routes.get(ApiVersion.BASE + "/nodes", as(Role.VIEWER, this::nodes));
            cfg.routes.get(ApiVersion.BASE + "/nodes/{node}", as(Role.VIEWER, this::node));
            cfg.routes.get(ApiVersion.BASE + "/nodes/{node}/streams/{stream}/observations", as(Role.VIEWER, this::observations));
            cfg.routes.get(ApiVersion.BASE + "/rejections", as(Role.VIEWER, this::rejections));
            cfg.routes.put(ApiVersion.BASE + "/nodes/{node}/config", as(Role.OPERATOR, this::pushConfig));
            // The unversioned paths of release 0.1, kept for one release as permanent redirects (method and body kept).
            for (String old : ApiVersion.OLD_GET_PATHS) {
                cfg.routes.get(old, ApiVersion::redirect);
            }
            cfg.routes.put("/api/nodes/{node}/config", ApiVersion::redirect);
            if (sta != null) {
                cfg.routes.get(StaRoutes.ROOT, as(Role.VIEWER, (ctx, who) -> StaRoutes.handle(ctx, sta)));
                cfg.routes.get(StaRoutes.ROOT + "/<path>", as(Role.VIEWER, (ctx, who) -> StaRoutes.handle(ctx, sta)));
            }
            cfg.routes.exception(ApiError.class, this::refused);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error");
            });
            cfg.routes.error(404, ctx -> {
                if (!isJson(ctx)) {
                    error(ctx, 404, "no such resource: " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method()));
        });
        app.start();
    }

    public int port() {
        return app.port();
    }

    /** Where the API really listens, read back from its connector: {@code https://127.0.0.1:8443}. */
    public String bind() {
        var c = (org.eclipse.jetty.server.ServerConnector) app.jettyServer().server().getConnectors()[0];
        String scheme = c.getConnectionFactory(org.eclipse.jetty.server.SslConnectionFactory.class) != null ? "https" : "http";
        String host = c.getHost() == null ? "0.0.0.0" : c.getHost();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.getLocalPort();
    }

    @Override
    public void close() {
        if (consoleRoutes != null) {
            consoleRoutes.close();
        }
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    // ------------------------------------------------------------------ access

    /** A handler given the caller; anonymous only for reads when reads are open. */
    @FunctionalInterface
    interface Guarded {
        void handle(Context ctx, Principal who) throws Exception;
    }

    io.javalin.http.Handler as(Role needed, Guarded h) {
        return ctx -> {
            String header = ctx.header("Authorization");
            Optional<Principal> who = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? access.tokens().authenticate(header.substring(7).strip()) : Optional.empty();
            if (who.isEmpty()) {
                if (needed == Role.VIEWER && access.openReads()) {
                    h.handle(ctx, new Principal("anonymous", Role.VIEWER));
                    return;
                }
                ctx.attribute(ACTOR, header == null ? "anonymous" : "unknown-token");
                ctx.header("WWW-Authenticate", "Bearer realm=\"lantaarn\"");
                throw new ApiError(401, header == null ? "a bearer token is required" : "unknown token");
            }
            ctx.attribute(ACTOR, who.get().name());
            if (!who.get().role().allows(needed)) {
                throw new ApiError(403, "this needs the " + needed.wire() + " role; token '" + who.get().name() + "' is a " + who.get().role().wire());
            }
            h.handle(ctx, who.get());
        };
    }

    private void pushConfig(Context ctx, Principal who) {
        String node = ctx.pathParam("node");
        if (!Ids.isValid(node)) {
            throw new ApiError(400, "node must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (access.rollout() == null) {
            throw new ApiError(503, "this gateway has no operator keys configured (operatorKeys), so it cannot check configurations");
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            throw new ApiError(e.getStatus(), "the request body was refused: " + e.getMessage());
        }
        if (body.length > JsonCodec.MAX_SIGNED_CONFIG_BYTES) {
            throw new ApiError(413, "too-large: a signed configuration is at most " + JsonCodec.MAX_SIGNED_CONFIG_BYTES + " bytes");
        }
        switch (access.rollout().push(node, body, who.name())) {
            case ConfigRollout.Refused(var reason, var detail) -> {
                throw new ApiError(switch (reason) {
                    case "too-large" -> 413;
                    case "broker-unavailable" -> 503;
                    default -> 422;
                }, reason + ": " + detail);
            }
            case ConfigRollout.Published(var d) -> {
                access.audit().append(clock.instant(), who.name(), "config.push", node,
                        "version " + d.version() + " sha256 " + d.sha256() + " key " + d.keyId());
                ObjectNode o = F.objectNode();
                o.put("node", node);
                o.put("desiredVersion", d.version());
                o.put("sha256", d.sha256());
                o.put("keyId", d.keyId());
                o.put("status", "published");
                json(ctx, 202, o);
            }
        }
    }

    // ------------------------------------------------------------------ handlers

    private void healthz(Context ctx) {
        boolean ok = store.isUsable();
        ObjectNode o = F.objectNode();
        o.put("status", ok ? "ok" : "store-unavailable");
        o.put("mqtt", mqttState.get());
        json(ctx, ok ? 200 : 503, o);
    }

    private void nodes(Context ctx, Principal who) {
        json(ctx, 200, nodesBody());
    }

    private ObjectNode nodesBody() {
        ArrayNode a = F.arrayNode();
        fleet.nodes().forEach(n -> a.add(nodeJson(n)));
        ObjectNode o = F.objectNode();
        o.put("count", a.size());
        o.set("nodes", a);
        return o;
    }

    private void node(Context ctx, Principal who) {
        json(ctx, 200, nodeJson(knownNode(ctx.pathParam("node"))));
    }

    private void observations(Context ctx, Principal who) {
        NodeRecord n = knownNode(ctx.pathParam("node"));
        String stream = ctx.pathParam("stream");
        if (!Ids.isValid(stream)) {
            throw new ApiError(400, "stream must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        Instant now = clock.instant();
        Instant to = instantParam(ctx, "to", now);
        Instant from = instantParam(ctx, "from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw new ApiError(400, "from must be before to: " + from + " .. " + to);
        }
        int limit = limitParam(ctx);
        List<String> rows = store.observations(n.node(), stream, from, to, limit);
        StringBuilder b = new StringBuilder(64 + rows.size() * 300);
        b.append("{\"node\":").append(quote(n.node()))
                .append(",\"stream\":").append(quote(stream))
                .append(",\"from\":").append(quote(from.toString()))
                .append(",\"to\":").append(quote(to.toString()))
                .append(",\"limit\":").append(limit)
                .append(",\"count\":").append(rows.size())
                .append(",\"observations\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(rows.get(i)); // stored wire JSON, written by the codec
        }
        b.append("]}");
        ctx.status(200).contentType("application/json").result(b.toString());
    }

    private void rejections(Context ctx, Principal who) {
        RejectionSummary s = store.rejections(RECENT_REJECTIONS);
        ObjectNode o = F.objectNode();
        o.put("total", s.total());
        ObjectNode counts = o.putObject("counts");
        s.counts().forEach(counts::put);
        ArrayNode recent = o.putArray("recent");
        for (RejectionRecord r : s.recent()) {
            ObjectNode ro = recent.addObject();
            ro.put("at", r.at().toString());
            ro.put("topic", r.topic());
            ro.put("reason", r.reason());
            ro.put("detail", r.detail());
            ro.put("size", r.size());
        }
        json(ctx, 200, o);
    }

    // ------------------------------------------------------------------ helpers

    private NodeRecord knownNode(String node) {
        if (!Ids.isValid(node)) {
            throw new ApiError(404, "unknown node");
        }
        Optional<NodeRecord> n = fleet.node(node);
        return n.orElseThrow(() -> new ApiError(404, "unknown node: " + node));
    }

    private ObjectNode nodeJson(NodeRecord n) {
        ObjectNode o = F.objectNode();
        o.put("node", n.node());
        o.put("state", n.state());
        putInstant(o, "lastSeen", n.lastSeen());
        o.put("site", n.site());
        if (n.location() == null) {
            o.putNull("location");
        } else {
            o.set("location", locationJson(n.location()));
        }
        if (n.lastBirth() != null) {
            o.put("runtimeVersion", n.lastBirth().runtimeVersion());
            if (n.lastBirth().configVersion() == null) {
                o.putNull("configVersion");
            } else {
                o.put("configVersion", n.lastBirth().configVersion());
            }
            o.put("configHash", n.lastBirth().configHash());
            JsonNode streams = codec.toTree(n.lastBirth()).get("streams");
            o.set("streams", streams == null ? F.arrayNode() : streams);
        } else {
            o.putNull("runtimeVersion");
            o.putNull("configVersion");
            o.putNull("configHash");
            o.putArray("streams");
        }
        o.set("rollout", rolloutJson(n));
        putLong(o, "firstSeq", n.firstSeq());
        putLong(o, "contiguousSeq", n.contiguousSeq());
        putLong(o, "lastSeq", n.lastSeq());
        ObjectNode counts = o.putObject("counts");
        counts.put("observations", n.observations());
        counts.put("gaps", n.gaps());
        counts.put("duplicates", n.duplicates());
        if (n.lastHealth() == null) {
            o.putNull("health");
        } else {
            ObjectNode h = codec.toTree(n.lastHealth());
            h.remove("schema");
            h.remove("node");
            o.set("health", h);
        }
        return o;
    }

    /** Desired version (last pushed), reported version (from the last birth), last ack, and a one-word state. */
    private ObjectNode rolloutJson(NodeRecord n) {
        ObjectNode r = F.objectNode();
        var desired = store.desiredConfig(n.node());
        Long reported = n.lastBirth() == null ? null : n.lastBirth().configVersion();
        var ack = store.lastConfigAck(n.node());
        putLong(r, "desiredVersion", desired.map(d -> d.version()).orElse(null));
        r.put("desiredSha256", desired.map(d -> d.sha256()).orElse(null));
        putInstant(r, "pushedAt", desired.map(d -> d.at()).orElse(null));
        r.put("pushedBy", desired.map(d -> d.by()).orElse(null));
        putLong(r, "reportedVersion", reported);
        if (ack.isEmpty()) {
            r.putNull("lastAck");
        } else {
            ObjectNode a = codec.toTree(ack.get());
            a.remove("schema");
            a.remove("node");
            r.set("lastAck", a);
        }
        String state;
        if (desired.isEmpty()) {
            state = "none";
        } else if (reported != null && reported >= desired.get().version()) {
            state = "in-sync";
        } else if (ack.isPresent() && ack.get().version() == desired.get().version() && ack.get().result() != org.lantaarn.protocol.ConfigAck.Result.APPLIED) {
            state = ack.get().result().wire();
        } else {
            state = "pending";
        }
        r.put("state", state);
        return r;
    }

    private static ObjectNode locationJson(Location l) {
        ObjectNode o = F.objectNode();
        o.put("lat", l.lat());
        o.put("lon", l.lon());
        if (l.height() != null) {
            o.put("height", l.height());
        }
        if (l.description() != null) {
            o.put("description", l.description());
        }
        return o;
    }

    /** Query times outside these bounds are refused: no window lies there, and they overflow epoch milliseconds. */
    private static final Instant EARLIEST = Instant.EPOCH.plus(Duration.ofDays(1));
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private static Instant instantParam(Context ctx, String name, Instant dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        Instant t;
        try {
            t = Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new ApiError(400, name + " must be an ISO-8601 UTC instant such as 2026-05-01T12:00:00Z: " + clip(v));
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new ApiError(400, name + " must lie between the years 1970 and 9999: " + clip(v));
        }
        return t;
    }

    private static int limitParam(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiError(400, "limit must be an integer from 1 to " + MAX_LIMIT + ": " + clip(v));
    }

    private static void putInstant(ObjectNode o, String name, Instant v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v.toString());
        }
    }

    private static void putLong(ObjectNode o, String name, Long v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    private String quote(String s) {
        return F.textNode(s).toString();
    }

    void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new GatewayException("cannot write JSON", e);
        }
    }

    /**
     * Answers a refused call, and writes it to the audit log when it is a refusal of access or content (401, 403,
     * 413, 422) or of any change: who (the token's name, {@code anonymous} without a token, {@code unknown-token}
     * with an unknown one; never the token), what was asked and why it was refused.
     */
    private void refused(ApiError e, Context ctx) {
        boolean change = !"GET".equals(String.valueOf(ctx.method())) && !"HEAD".equals(String.valueOf(ctx.method()));
        if (AUDITED.contains(e.status) || change) {
            String actor = ctx.attribute(ACTOR);
            String action = switch (e.status) {
                case 401 -> "unauthenticated";
                case 403 -> "denied";
                default -> change ? "config.push.refused" : "api.refused";
            };
            try {
                access.audit().append(clock.instant(), actor == null ? "anonymous" : actor, action,
                        clip(ctx.method() + " " + ctx.path(), 200), clip(e.status + " " + e.getMessage(), 300));
            } catch (RuntimeException failed) {
                LOG.error("cannot write a refused call to the audit log: {}", failed.getMessage());
            }
        }
        error(ctx, e.status, e.getMessage());
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** An RFC 9457 problem document; {@code error} repeats {@code detail} for clients of release 0.1. */
    private void error(Context ctx, int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("type", "about:blank");
        o.put("title", ApiVersion.title(status));
        o.put("status", status);
        o.put("detail", message);
        o.put("instance", ctx.path());
        o.put("error", message);
        json(ctx, status, o);
        ctx.contentType(ApiVersion.PROBLEM_JSON);
    }

    private static boolean isJson(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && (ct.startsWith("application/json") || ct.startsWith(ApiVersion.PROBLEM_JSON));
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A client error with its HTTP status; the message is shown to the client. */
    private static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
