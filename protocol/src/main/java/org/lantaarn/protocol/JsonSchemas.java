package org.lantaarn.protocol;

/**
 * Where the JSON Schemas (draft 2020-12) of wire contract version 1 live: as classpath resources in
 * this module, and under their published {@code $id}. {@code lantaarn.obs/1} is the resource
 * {@code /org/lantaarn/protocol/schemas/lantaarn.obs-1.schema.json} with {@code $id}
 * {@code https://lantaarn.org/schemas/lantaarn.obs-1.json}.
 */
public final class JsonSchemas {
    /** The URI every published schema {@code $id} starts with. */
    public static final String BASE_URI = "https://lantaarn.org/schemas/";

    private static final String RESOURCE_DIR = "/org/lantaarn/protocol/schemas/";

    private JsonSchemas() {}

    /** The classpath resource path (absolute, for {@link Class#getResourceAsStream}) of the schema for {@code schemaId}, one of {@link SchemaIds#ALL}. */
    public static String resourcePath(String schemaId) {
        return RESOURCE_DIR + stem(schemaId) + ".schema.json";
    }

    /** The {@code $id} of the schema for {@code schemaId}, one of {@link SchemaIds#ALL}. */
    public static String uri(String schemaId) {
        return BASE_URI + stem(schemaId) + ".json";
    }

    private static String stem(String schemaId) {
        if (!SchemaIds.ALL.contains(schemaId)) {
            throw new IllegalArgumentException("no JSON Schema for unknown schema id: " + schemaId);
        }
        return schemaId.replace('/', '-');
    }
}
