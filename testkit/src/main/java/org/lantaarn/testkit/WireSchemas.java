package org.lantaarn.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lantaarn.protocol.JsonSchemas;
import org.lantaarn.protocol.SchemaIds;

/**
 * Validates payloads seen on the wire against the published JSON Schemas of the protocol module,
 * choosing the schema by the payload's own {@code schema} field. Thread-safe.
 */
public final class WireSchemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private WireSchemas() {}

    /** What is wrong with {@code payload} against its schema; empty when it is valid. An unknown schema is one violation. */
    public static List<String> violations(String payload) {
        JsonNode json;
        try {
            json = MAPPER.readTree(payload);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        String id = json.path("schema").asText("");
        if (!SchemaIds.ALL.contains(id)) {
            return List.of("unknown schema '" + id + "'");
        }
        return SCHEMAS.computeIfAbsent(id, WireSchemas::load).validate(json).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonSchema load(String id) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(JsonSchemas.resourcePath(id))) {
            if (in == null) {
                throw new IllegalStateException("no schema resource for " + id);
            }
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
