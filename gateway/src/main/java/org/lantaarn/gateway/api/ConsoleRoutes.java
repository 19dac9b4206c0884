package org.lantaarn.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.http.staticfiles.Location;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.Role;

/**
 * The console's side of the HTTP server:
 *
 * <pre>
 * GET /                      the console (static files from the classpath folder lantaarn-console, when present)
 * GET /webjars/...           Leaflet and uPlot from their WebJars
 * GET /api/v1/console       the console's settings: tile URL (or none: draw the streets from GeoJSON), the caller's role
 * GET /api/v1/events        server-sent events: "fleet" (the /api/v1/nodes body) whenever it changes
 * GET /api/v1/audit         the newest 200 audit log entries (operator)
 * GET /metrics               Prometheus text (viewer token, or open when reads are open)
 * </pre>
 *
 * Every response carries a strict Content-Security-Policy: scripts, styles and connections only from this origin,
 * no inline script or style, no framing; images also from the tile server when one is configured.
 */
final class ConsoleRoutes implements AutoCloseable {
    static final String FOLDER = "/lantaarn-console";
    /** The API's base path; the console's js/api.js names the same one. */
    static final String BASE = ApiVersion.BASE;
    private static final int AUDIT_ENTRIES = 200;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpApi api;
    private final Console console;
    private final Supplier<String> fleet;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon(true).name("lantaarn-console-events").unstarted(r));
    private volatile String last = "";
    private int quietTicks;

    ConsoleRoutes(HttpApi api, Console console, Supplier<String> fleet) {
        this.api = api;
        this.console = console;
        this.fleet = fleet;
    }

    /** The Content-Security-Policy of every response. */
    String policy() {
        String tiles = console.tileOrigin() == null ? "" : " " + console.tileOrigin();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles
                + "; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    void register(JavalinConfig cfg) {
        if (ConsoleRoutes.class.getResource(FOLDER + "/index.html") != null) {
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = FOLDER;
                sf.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
        }
        String csp = policy();
        cfg.routes.before(ctx -> {
            ctx.header("Content-Security-Policy", csp);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        cfg.routes.get(BASE + "/console", api.as(Role.VIEWER, this::settings));
        cfg.routes.get(BASE + "/events", api.as(Role.VIEWER, (ctx, who) -> new SseHandler(this::subscribe).handle(ctx)));
        cfg.routes.get(BASE + "/audit", api.as(Role.OPERATOR, this::audit));
        if (console.metrics() != null) {
            cfg.routes.get("/metrics", api.as(Role.VIEWER, (ctx, who) ->
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(console.metrics().get())));
        }
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void settings(Context ctx, org.lantaarn.gateway.auth.Principal who) {
        ObjectNode o = F.objectNode();
        if (console.tileUrl() == null) {
            o.putNull("tileUrl");
        } else {
            o.put("tileUrl", console.tileUrl());
        }
        o.put("role", who.role().wire());
        o.put("name", who.name());
        api.json(ctx, 200, o);
    }

    private void subscribe(SseClient client) {
        client.keepAlive();
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        client.sendEvent("fleet", fleet.get());
    }

    /** Once a second on the ticker thread: the fleet to every subscriber when it changed, a comment every 15 s otherwise. */
    private void tick() {
        if (clients.isEmpty()) {
            return;
        }
        try {
            String now = fleet.get();
            boolean changed = !now.equals(last);
            last = now;
            quietTicks = changed ? 0 : quietTicks + 1;
            for (SseClient c : clients) {
                if (c.terminated()) {
                    clients.remove(c);
                } else if (changed) {
                    c.sendEvent("fleet", now);
                } else if (quietTicks % 15 == 0) {
                    c.sendComment("still here");
                }
            }
        } catch (RuntimeException e) {
            // a store hiccup: the next tick tries again; the console shows the last state meanwhile
        }
    }

    private void audit(Context ctx, org.lantaarn.gateway.auth.Principal who) {
        ArrayNode entries = F.arrayNode();
        if (console.audit() != null) {
            for (AuditLog.Entry e : console.audit().tail(AUDIT_ENTRIES)) {
                if (e.seq() == 0) {
                    entries.addObject().put("unreadable", true);
                    continue;
                }
                ObjectNode o = entries.addObject();
                o.put("seq", e.seq());
                o.put("at", e.at());
                o.put("actor", e.actor());
                o.put("action", e.action());
                o.put("target", e.target());
                o.put("detail", e.detail());
                o.put("mac", e.mac());
            }
        }
        ObjectNode o = F.objectNode();
        o.put("count", entries.size());
        o.set("entries", entries);
        api.json(ctx, 200, o);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
