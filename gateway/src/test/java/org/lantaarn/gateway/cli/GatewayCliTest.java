package org.lantaarn.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCliTest {

    @Test
    void run_with_a_bad_configuration_exits_with_2_and_names_the_field(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("gateway.yaml");
        Files.writeString(cfg, "httpPort: lots\n");
        StringWriter err = new StringWriter();
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cli = new CommandLine(new GatewayCli());
            cli.setErr(new PrintWriter(err));
            code = cli.execute("run", "--config", cfg.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("httpPort");
    }

    @Test
    void the_command_is_named_lantaarn_gateway_and_has_a_run_subcommand() {
        CommandLine cli = new CommandLine(new GatewayCli());
        assertThat(cli.getCommandName()).isEqualTo("lantaarn-gateway");
        assertThat(cli.getSubcommands()).containsKey("run");
    }

    @Test
    void version_names_the_release_the_build_was_made_as() {
        CommandLine cli = new CommandLine(new GatewayCli());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--version")).isZero();

        assertThat(out.toString().strip()).isEqualTo("lantaarn-gateway " + System.getProperty("lantaarn.expectedRelease"));
    }
}
