package org.lantaarn.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.OperatorKeys;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.gateway.Fixtures;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.rollout.ConfigRollout;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;

/**
 * Done-when 4 of issue 16: every route of {@code /api/v1} called as a client would — accepted and refused calls —
 * and each request and response checked against {@code /api/v1/openapi.json} as the server serves it: the path and
 * method are documented, every query parameter is declared, the status is documented for the operation, the content
 * type is the documented one ({@code application/problem+json} for refusals), the body validates against the
 * documented schema, and {@code API-Version} carries the document's {@code info.version}. Every documented operation
 * must be exercised, so a route added without documentation or a documented route without a test fails here. The
 * console's routes under {@code /api/v1} ({@code /console}, {@code /events}, {@code /audit}) are part of the contract.
 */
class OpenApiContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path dir;
    private final JsonCodec codec = new JsonCodec();
    private final KeyPair operatorKey = OperatorKeys.generate();
    private SqliteGatewayStore store;
    private HttpApi api;
    private String operator;
    private String viewer;
    private JsonNode doc;
    private final Set<String> exercised = new LinkedHashSet<>();

    @BeforeEach
    void start() throws Exception {
        store = SqliteGatewayStore.open(dir, codec);
        store.storeStatus(Fixtures.birth("n1", "den-bosch"), Fixtures.T0);
        for (long seq = 1; seq <= 3; seq++) {
            store.storeSequenced(SequencedEntry.of(Fixtures.observation("n1", seq), codec, Fixtures.T0));
        }
        store.storeRejection(new RejectionRecord(Fixtures.T0, "lantaarn/v1/nodes/n1/obs/x", "invalid-json", "not JSON", 3));
        TokenStore tokens = new TokenStore(dir);
        operator = tokens.create("alice", Role.OPERATOR, Instant.now());
        viewer = tokens.create("bob", Role.VIEWER, Instant.now());
        Publisher publisher = new Publisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained) {}

            @Override
            public boolean isConnected() {
                return true;
            }
        };
        ConfigRollout rollout = new ConfigRollout(publisher, codec, TrustedKeys.of(operatorKey.getPublic()), store, Clock.systemUTC());
        AuditLog audit = new AuditLog(dir);
        api = new HttpApi(store, new Fleet(store), codec, Clock.fixed(Fixtures.T0.plus(Duration.ofHours(1)), ZoneOffset.UTC),
                () -> "connected", new ApiAccess(tokens, false, rollout, audit))
                .console(new Console(() -> "lantaarn_up 1\n", null, audit)); // the console's routes under /api/v1 too
        api.start("127.0.0.1", 0);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        doc = MAPPER.readTree(r.body());
        exercised.add("GET /openapi.json");
    }

    @AfterEach
    void stop() {
        api.close();
        store.close();
    }

    private String base() {
        return "http://127.0.0.1:" + api.port();
    }

    private byte[] signed(String yaml) {
        return codec.encode(ConfigSignatures.sign(yaml.getBytes(StandardCharsets.UTF_8), operatorKey.getPrivate(), operatorKey.getPublic()));
    }

    @Test
    void every_route_of_api_v1_answers_as_its_openapi_document_says_including_refusals() throws Exception {
        call("GET", "/nodes", "/nodes", Map.of(), viewer, null, 200);
        call("GET", "/nodes", "/nodes", Map.of(), null, null, 401);
        call("GET", "/nodes", "/nodes", Map.of(), "lt_unknown", null, 401);
        call("GET", "/nodes/{node}", "/nodes/n1", Map.of(), viewer, null, 200);
        call("GET", "/nodes/{node}", "/nodes/nobody", Map.of(), viewer, null, 404);
        call("GET", "/nodes/{node}", "/nodes/n1", Map.of(), null, null, 401);
        String obs = "/nodes/{node}/streams/{stream}/observations";
        JsonNode windows = call("GET", obs, "/nodes/n1/streams/climate/observations",
                Map.of("from", "2026-05-01T00:00:00Z", "to", "2026-05-02T00:00:00Z", "limit", "2"), viewer, null, 200);
        assertThat(windows.get("count").asInt()).isEqualTo(2);
        call("GET", obs, "/nodes/n1/streams/climate/observations", Map.of("limit", "0"), viewer, null, 400);
        call("GET", obs, "/nodes/n1/streams/climate/observations", Map.of("from", "yesterday"), viewer, null, 400);
        call("GET", obs, "/nodes/nobody/streams/climate/observations", Map.of(), viewer, null, 404);
        call("GET", obs, "/nodes/n1/streams/climate/observations", Map.of(), null, null, 401);
        call("GET", "/rejections", "/rejections", Map.of(), viewer, null, 200);
        call("GET", "/rejections", "/rejections", Map.of(), null, null, 401);
        String cfg = "/nodes/{node}/config";
        call("PUT", cfg, "/nodes/lp-1/config", Map.of(), operator, signed(ApiAccessTest.DOC), 202);
        call("PUT", cfg, "/nodes/lp-1/config", Map.of(), viewer, signed(ApiAccessTest.DOC), 403);
        call("PUT", cfg, "/nodes/lp-1/config", Map.of(), null, signed(ApiAccessTest.DOC), 401);
        call("PUT", cfg, "/nodes/lp-1/config", Map.of(), operator, "{}".getBytes(StandardCharsets.UTF_8), 422);
        call("PUT", cfg, "/nodes/lp-1/config", Map.of(), operator, new byte[200_000], 413);
        // The console's routes: its settings, the audit log (after the push above, so it has an entry), the events.
        JsonNode settings = call("GET", "/console", "/console", Map.of(), viewer, null, 200);
        assertThat(settings.get("role").asText()).isEqualTo("viewer");
        call("GET", "/console", "/console", Map.of(), null, null, 401);
        JsonNode audit = call("GET", "/audit", "/audit", Map.of(), operator, null, 200);
        assertThat(audit.get("entries").toString()).contains("config.push");
        call("GET", "/audit", "/audit", Map.of(), viewer, null, 403);
        call("GET", "/audit", "/audit", Map.of(), null, null, 401);
        events();
        call("GET", "/events", "/events", Map.of(), null, null, 401);

        Set<String> documented = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : doc.get("paths").properties()) {
            e.getValue().properties().forEach(m -> documented.add(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + e.getKey()));
        }
        assertThat(exercised).as("every documented operation is exercised, and only those").containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void the_unversioned_paths_of_release_0_1_redirect_permanently_to_api_v1_keeping_the_query() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/nodes/n1/streams/climate/observations?limit=2"))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/nodes/n1/streams/climate/observations?limit=2");
        assertThat(r.headers().firstValue("API-Version")).hasValue(doc.at("/info/version").asText());
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/nodes/lp-1/config"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(signed(ApiAccessTest.DOC))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(308);
        assertThat(put.headers().firstValue("Location")).hasValue("/api/v1/nodes/lp-1/config");
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> followed = following.send(HttpRequest.newBuilder(URI.create(base() + "/api/nodes"))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(followed.body()).get("count").asInt()).isEqualTo(1);
    }

    /**
     * {@code GET /events} accepted: a stream that never ends, so it is read up to its first event, whose data must be
     * a documented {@code NodeList}.
     */
    private void events() throws Exception {
        JsonNode op = doc.path("paths").path("/events").path("get");
        assertThat(op.isObject()).as("GET /events is documented").isTrue();
        exercised.add("GET /events");
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/events"))
                .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("API-Version")).hasValue(doc.at("/info/version").asText());
            String contentType = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "");
            assertThat(op.at("/responses/200/content").has(contentType)).as("content type " + contentType + " documented").isTrue();
            assertThat(in.readLine()).isEqualTo("event: fleet");
            String data = in.readLine();
            assertThat(data).startsWith("data: ");
            JsonNode fleet = MAPPER.readTree(data.substring("data: ".length()));
            assertThat(violations(MAPPER.readTree("{\"$ref\":\"#/components/schemas/NodeList\"}"), fleet)).isEmpty();
            assertThat(fleet.get("count").asInt()).isEqualTo(1);
        }
    }

    /** One call, checked against the document; returns the parsed body. */
    private JsonNode call(String method, String template, String path, Map<String, String> query, String token, byte[] body,
                          int expected) throws Exception {
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(op.isObject()).as(method + " " + template + " is documented").isTrue();
        exercised.add(method + " " + template);
        List<String> declared = new ArrayList<>();
        op.path("parameters").forEach(p -> declared.add(p.get("in").asText() + ":" + p.get("name").asText()));
        query.keySet().forEach(q -> assertThat(declared).as("query parameter " + q + " of " + template).contains("query:" + q));
        if (body != null) {
            assertThat(op.at("/requestBody/content/application~1json").isObject()).as("request body of " + template).isTrue();
            if (expected < 400) {
                assertThat(violations(op.at("/requestBody/content/application~1json/schema"), MAPPER.readTree(body))).isEmpty();
            }
        }
        StringBuilder url = new StringBuilder(base()).append("/api/v1").append(path);
        char sep = '?';
        for (Map.Entry<String, String> q : new LinkedHashMap<>(query).entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(q.getValue());
            sep = '&';
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String what = method + " " + path + " -> " + r.statusCode() + " " + r.body();
        assertThat(r.statusCode()).as(what).isEqualTo(expected);
        assertThat(r.headers().firstValue("API-Version")).as(what).hasValue(doc.at("/info/version").asText());
        JsonNode response = op.path("responses").path(String.valueOf(expected));
        assertThat(response.isObject()).as(expected + " is documented for " + method + " " + template).isTrue();
        if (response.has("$ref")) {
            response = doc.at(response.get("$ref").asText().substring(1));
        }
        String contentType = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "");
        JsonNode media = response.path("content").path(contentType);
        assertThat(media.isObject()).as(what + ": content type " + contentType + " documented as " + response.path("content").toString()).isTrue();
        JsonNode json = MAPPER.readTree(r.body());
        assertThat(violations(media.get("schema"), json)).as(what).isEmpty();
        if (expected >= 400) {
            assertThat(contentType).isEqualTo("application/problem+json");
            assertThat(json.get("status").asInt()).isEqualTo(expected);
        }
        return json;
    }

    /** Validates against a schema of the document: its components become the {@code $defs} of a 2020-12 schema. */
    private List<String> violations(JsonNode schema, JsonNode instance) throws Exception {
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("$defs", doc.at("/components/schemas"));
        wrapper.setAll((ObjectNode) schema.deepCopy());
        String text = MAPPER.writeValueAsString(wrapper).replace("#/components/schemas/", "#/$defs/");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(text, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build())
                .validate(MAPPER.readTree(instance.toString())).stream().map(ValidationMessage::getMessage).toList();
    }
}
