package org.lantaarn.sta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the service as an HTTP server would, with a URL below the root. */
final class Sta {
    static final String BASE = "http://gw.example:8080/sta/v1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    final StaService service = new StaService(new FakeSource(),
            Clock.fixed(FakeSource.T0.plusSeconds(3600), ZoneOffset.UTC), List.of("mqtt://gw.example:1883"));

    /** {@code url}: a path and query below the root, query values percent-encoded or plain. */
    StaResponse raw(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : url.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                params.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
        }
        return service.get(BASE, path, params);
    }

    JsonNode get(String url) {
        StaResponse r = raw(url);
        assertThat(r.status()).as(url + " -> " + r.body()).isEqualTo(200);
        return tree(r.body());
    }

    /** Follows an absolute next link. */
    JsonNode follow(String link) {
        assertThat(link).startsWith(BASE + "/");
        return get(link.substring(BASE.length() + 1));
    }

    JsonNode error(String url, int status) {
        StaResponse r = raw(url);
        assertThat(r.status()).as(url + " -> " + r.body()).isEqualTo(status);
        return tree(r.body());
    }

    static JsonNode tree(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
