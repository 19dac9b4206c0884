package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The published JSON Schemas agree with what {@link JsonCodec} writes and accepts. */
class JsonSchemaConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final JsonCodec codec = new JsonCodec();

    static JsonSchema schemaFor(String schemaId) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(JsonSchemas.resourcePath(schemaId))) {
            assertThat(in).as("schema resource for %s", schemaId).isNotNull();
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<ValidationMessage> validate(String schemaId, JsonNode payload) {
        return schemaFor(schemaId).validate(payload);
    }

    private JsonNode encoded(Message m) {
        try {
            return MAPPER.readTree(codec.encode(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> samples() {
        return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_encoded_message_validates_against_the_schema_it_names(String name, Message m) {
        JsonNode json = encoded(m);

        assertThat(json.get("schema").textValue()).isEqualTo(m.schema());
        assertThat(validate(m.schema(), json)).as(name + ": " + json).isEmpty();
    }

    @Test
    void every_schema_id_has_a_schema_resource_whose_id_and_title_match() throws IOException {
        for (String id : SchemaIds.ALL) {
            try (InputStream in = JsonSchemas.class.getResourceAsStream(JsonSchemas.resourcePath(id))) {
                assertThat(in).as(id).isNotNull();
                JsonNode schema = MAPPER.readTree(in);
                assertThat(schema.get("$id").textValue()).isEqualTo(JsonSchemas.uri(id));
                assertThat(schema.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(schema.get("title").textValue()).isEqualTo(id);
                assertThat(schema.at("/properties/schema/const").textValue()).isEqualTo(id);
            }
        }
        assertThat(JsonSchemas.uri(SchemaIds.OBS)).isEqualTo("https://lantaarn.org/schemas/lantaarn.obs-1.json");
        assertThat(JsonSchemas.resourcePath(SchemaIds.CONFIG_ACK))
                .isEqualTo("/org/lantaarn/protocol/schemas/lantaarn.config-ack-1.schema.json");
    }

    @Test
    void refuses_a_payload_missing_a_required_field() {
        ObjectNode json = (ObjectNode) encoded(Samples.climate());
        json.remove("seq");

        assertThat(validate(SchemaIds.OBS, json)).extracting(ValidationMessage::getMessage)
                .anySatisfy(msg -> assertThat(msg).contains("seq"));
        assertThat(codec.decode(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Decoded.Rejected.class,
                        r -> assertThat(r.rejection().reason()).isEqualTo(Rejection.Reason.MISSING_FIELD));
    }

    @Test
    void refuses_a_payload_missing_a_required_field_of_every_message_type() {
        Map<String, String> requiredField = Map.of(
                SchemaIds.OBS, "privacy", SchemaIds.GAP, "reason", SchemaIds.STATUS, "state",
                SchemaIds.HEALTH, "streams", SchemaIds.CONFIG_ACK, "result", SchemaIds.RECEIPT, "at",
                SchemaIds.SIGNED_CONFIG, "signature");
        for (Message m : Samples.all().values()) {
            ObjectNode json = (ObjectNode) encoded(m);
            json.remove(requiredField.get(m.schema()));
            assertThat(validate(m.schema(), json)).as(m.schema()).isNotEmpty();
        }
    }

    @Test
    void refuses_a_payload_whose_schema_field_names_another_type() {
        ObjectNode json = (ObjectNode) encoded(Samples.receipt());
        json.put("schema", SchemaIds.GAP);

        assertThat(validate(SchemaIds.RECEIPT, json)).isNotEmpty();
    }

    @Test
    void refuses_an_observation_value_that_is_text() {
        ObjectNode json = (ObjectNode) encoded(Samples.climate());
        ((ObjectNode) json.get("values")).put("temperature_mean", "18.4");

        assertThat(validate(SchemaIds.OBS, json)).isNotEmpty();
    }

    @Test
    void refuses_a_time_that_is_not_a_date_time() {
        ObjectNode json = (ObjectNode) encoded(Samples.receipt());
        json.put("at", "yesterday");

        assertThat(validate(SchemaIds.RECEIPT, json)).isNotEmpty();
    }

    @Test
    void refuses_ids_that_cannot_be_a_topic_segment_just_like_the_ids_rule() {
        for (String bad : new String[] {"", "-lp", "lp/1", "lp+", "lp#", "lp 1", "lp-1\n", "x".repeat(65)}) {
            ObjectNode json = (ObjectNode) encoded(Samples.receipt());
            json.put("node", bad);
            assertThat(Ids.isValid(bad)).as("Ids.isValid(%s)", bad).isFalse();
            assertThat(validate(SchemaIds.RECEIPT, json)).as("node '%s'", bad).isNotEmpty();
        }
        for (String good : new String[] {"a", "lp-0042", "Lp_1.2", "x".repeat(64)}) {
            ObjectNode json = (ObjectNode) encoded(Samples.receipt());
            json.put("node", good);
            assertThat(validate(SchemaIds.RECEIPT, json)).as("node '%s'", good).isEmpty();
        }
    }

    @Test
    void refuses_a_rejected_config_ack_without_a_reason_but_accepts_an_applied_one() {
        ObjectNode rejected = (ObjectNode) encoded(Samples.rejected());
        rejected.remove("reason");
        ObjectNode blank = (ObjectNode) encoded(Samples.rejected());
        blank.put("reason", "  ");

        assertThat(validate(SchemaIds.CONFIG_ACK, rejected)).isNotEmpty();
        assertThat(validate(SchemaIds.CONFIG_ACK, blank)).isNotEmpty();
        assertThat(validate(SchemaIds.CONFIG_ACK, encoded(Samples.applied()))).isEmpty();
    }

    @Test
    void accepts_null_where_the_codec_reads_null_as_absent() {
        ObjectNode json = (ObjectNode) encoded(Samples.birth());
        json.putNull("runtimeVersion");
        json.putNull("configVersion");
        json.putNull("location");
        json.putNull("streams");

        assertThat(validate(SchemaIds.STATUS, json)).isEmpty();
        assertThat(codec.decode(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Accepted.class);
    }
}
