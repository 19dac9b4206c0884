package org.lantaarn.gateway.api;

import java.util.function.Supplier;
import org.lantaarn.gateway.audit.AuditLog;

/**
 * What the HTTP server needs beyond the API to serve the operators' console and the metrics.
 *
 * @param metrics   the Prometheus text exposition, computed when scraped; {@code null}: no {@code /metrics}
 * @param tileUrl   a map tile URL template ({@code https://tile.example/{z}/{x}/{y}.png}), or {@code null}: the console
 *                  draws the site's streets from its GeoJSON and needs no tile server (the default: nothing leaves)
 * @param audit     the audit log whose newest entries the console shows to operators, or {@code null}
 */
public record Console(Supplier<String> metrics, String tileUrl, AuditLog audit) {
    public Console {
        if (tileUrl != null && !tileUrl.matches("https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9{}/._~%-]*")) {
            throw new IllegalArgumentException("tileUrl must be an https URL template such as https://tile.example.org/{z}/{x}/{y}.png: " + tileUrl);
        }
    }

    /** The tile server's origin ({@code https://host:port}), for the Content-Security-Policy; {@code null} without one. */
    String tileOrigin() {
        if (tileUrl == null) {
            return null;
        }
        int slash = tileUrl.indexOf('/', "https://".length());
        return tileUrl.substring(0, slash);
    }
}
