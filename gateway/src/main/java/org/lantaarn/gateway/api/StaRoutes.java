package org.lantaarn.gateway.api;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.sta.StaResponse;
import org.lantaarn.sta.StaService;

/**
 * Hands {@code GET /sta/v1.1[/...]} to the SensorThings service: the resource path below the root, percent-decoded
 * (a {@code +} in a path stays a {@code +}), and the decoded query parameters (the first of each name). Access is
 * checked before, by the API's viewer rule.
 */
final class StaRoutes {
    static final String ROOT = "/sta/" + StaService.VERSION;

    private StaRoutes() {}

    static void handle(Context ctx, StaService sta) {
        String raw = ctx.path();
        String below = raw.length() > ROOT.length() ? raw.substring(ROOT.length() + 1) : "";
        String path = URLDecoder.decode(below.replace("+", "%2B"), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!e.getValue().isEmpty()) {
                params.put(e.getKey(), e.getValue().getFirst());
            }
        }
        String base = ctx.scheme() + "://" + ctx.host() + ROOT;
        StaResponse r = sta.get(base, path, params);
        ctx.status(r.status()).contentType(r.contentType()).result(r.body());
    }
}
