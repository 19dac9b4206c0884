package org.lantaarn.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's publiccode.yml is valid under the publiccode.yml core schema (test resources). */
class PublicCodeYmlTest {
    private static final Path FILE = Path.of("..", "publiccode.yml");

    static JsonSchema schema() throws Exception {
        try (InputStream in = PublicCodeYmlTest.class.getResourceAsStream("/publiccode/publiccode.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    private static List<String> violations(JsonNode doc) throws Exception {
        return schema().validate(doc).stream().map(ValidationMessage::getMessage).toList();
    }

    @Test
    void publiccode_yml_at_the_repository_root_validates_against_the_standards_schema() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(FILE.toFile());
        assertThat(violations(doc)).isEmpty();
        assertThat(doc.get("name").asText()).isEqualTo("Lantaarn");
    }

    @Test
    void the_schema_refuses_a_file_without_a_licence_or_with_a_too_long_short_description() throws Exception {
        ObjectNode doc = (ObjectNode) new YAMLMapper().readTree(FILE.toFile());
        ObjectNode noLicence = doc.deepCopy();
        noLicence.remove("legal");
        assertThat(violations(noLicence)).anySatisfy(m -> assertThat(m).contains("legal"));
        ObjectNode tooLong = doc.deepCopy();
        ((ObjectNode) tooLong.at("/description/en")).put("shortDescription", "x".repeat(151));
        assertThat(violations(tooLong)).anySatisfy(m -> assertThat(m).contains("shortDescription"));
        ObjectNode badType = doc.deepCopy();
        badType.put("softwareType", "standalone/toaster");
        assertThat(violations(badType)).isNotEmpty();
    }
}
