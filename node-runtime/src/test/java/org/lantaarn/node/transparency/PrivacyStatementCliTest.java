package org.lantaarn.node.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.cli.NodeCli;
import picocli.CommandLine;

class PrivacyStatementCliTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "node-markt-wifi.yaml");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = NodeCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void the_statement_of_the_example_says_what_why_and_how_in_english_and_dutch() {
        assertThat(run("privacy-statement", "--config", EXAMPLE.toString())).as(err.toString()).isZero();
        String s = out.toString();
        assertThat(s).contains("Privacy statement of sensor node markt-03").contains("Legal ground: Public task")
                .contains("replaced every 1h").contains("only when at least 10 people are behind them").contains("fewer (none included)")
                .contains("At most 10 search messages of one phone count in a window").contains("epsilon = 1.0 per window")
                .contains("someone present for one hour (12 windows)")
                .contains("Measures only during: 2026-07-21..2026-07-24 06:00-24:00")
                .contains("What never leaves the node");
        assertThat(s).contains("Privacyverklaring van sensorknooppunt markt-03").contains("Grondslag: Public task")
                .contains("alleen gepubliceerd als er minstens 10 personen achter zitten")
                .contains("hooguit 10 zoekberichten van één telefoon").contains("wie een uur blijft (12 tijdvakken)").contains("Wat het knooppunt nooit verlaat");
    }

    @Test
    void the_register_record_of_the_example_validates_against_the_schema_kept_in_the_repository() throws Exception {
        assertThat(run("privacy-statement", "--config", EXAMPLE.toString(), "--format", "register",
                "--legal-entity", "Gemeente 's-Hertogenbosch")).as(err.toString()).isZero();
        JsonNode record = new ObjectMapper().readTree(out.toString());
        JsonSchema schema;
        try (InputStream in = PrivacyStatement.class.getResourceAsStream(PrivacyStatement.REGISTER_SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertThat(schema.validate(record)).isEmpty();
        assertThat(record.at("/sensors/0/datastream/containsPIData").asBoolean()).isTrue();
        assertThat(record.at("/sensors/0/datastream/privacy/keyRotationSeconds").asLong()).isEqualTo(3600);
        assertThat(record.at("/sensors/1/datastream/containsPIData").asBoolean()).isFalse();
        assertThat(record.at("/observationGoal/legalGround").asText()).contains("6(1)(e)");
        assertThat(record.at("/legalEntity/name").asText()).isEqualTo("Gemeente 's-Hertogenbosch");
        assertThat(schema.getSchemaNode().get("description").asText()).contains("Landelijk Sensorenregister");
    }

    @Test
    void an_unknown_format_is_a_usage_error() {
        assertThat(run("privacy-statement", "--config", EXAMPLE.toString(), "--format", "pdf")).isEqualTo(NodeCli.USAGE);
    }
}
