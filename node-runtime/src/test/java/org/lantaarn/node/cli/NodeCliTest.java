package org.lantaarn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NodeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = NodeCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void help_lists_the_run_command_and_exits_zero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("lantaarn-node").contains("run");
    }

    @Test
    void run_without_its_options_is_a_usage_error() {
        assertThat(run("run")).isEqualTo(NodeCli.USAGE);
        assertThat(err.toString()).contains("--config").contains("--data-dir");
    }

    @Test
    void no_subcommand_is_a_usage_error() {
        assertThat(run()).isEqualTo(NodeCli.USAGE);
        assertThat(err.toString()).contains("subcommand is required");
    }

    @Test
    void an_unknown_subcommand_is_a_usage_error() {
        assertThat(run("fly")).isEqualTo(NodeCli.USAGE);
    }

    @Test
    void version_names_the_runtime_version() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("lantaarn-node " + System.getProperty("lantaarn.expectedRelease"))
                .doesNotContain("unknown");
    }
}
