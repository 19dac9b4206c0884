package org.lantaarn.gateway.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.lantaarn.gateway.GatewayException;

/**
 * The API's version as the Dutch API Design Rules ask for it: the major version in the path ({@link #BASE}), the full
 * version in an {@code API-Version} response header, the OpenAPI document at {@code /api/v1/openapi.json}, and the
 * unversioned paths of release 0.1 answered with {@code 308 Permanent Redirect} to their {@code /api/v1} form for
 * one release (a 308 keeps the method and body, so an old {@code PUT} still works through it).
 */
final class ApiVersion {
    static final String BASE = "/api/v1";
    /** The full version of the {@code /api/v1} contract; equals {@code info.version} of the OpenAPI document. */
    static final String FULL = "1.1.0";
    static final String HEADER = "API-Version";
    static final String PROBLEM_JSON = "application/problem+json";
    static final List<String> OLD_GET_PATHS = List.of("/api/nodes", "/api/nodes/{node}",
            "/api/nodes/{node}/streams/{stream}/observations", "/api/rejections");
    private static final String OPENAPI_RESOURCE = "/org/lantaarn/gateway/api/openapi.json";
    private static final byte[] OPENAPI = load();

    private ApiVersion() {}

    /** {@code /api/x?q} → 308 to {@code /api/v1/x?q}. */
    static void redirect(Context ctx) {
        String query = ctx.queryString();
        String target = BASE + ctx.path().substring("/api".length()) + (query == null || query.isEmpty() ? "" : "?" + query);
        ctx.header("Location", target);
        ctx.header("Deprecation", "true");
        ctx.status(308);
    }

    static void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(OPENAPI);
    }

    /** The OpenAPI document served at {@code /api/v1/openapi.json}. */
    static byte[] document() {
        return OPENAPI.clone();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static byte[] load() {
        try (InputStream in = ApiVersion.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new GatewayException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
