package org.lantaarn.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = ConfigCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private static String example(String name) {
        try {
            return Path.of(ConfigCliTest.class.getResource("/configs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void version_names_the_release_the_build_was_made_as_not_a_fixed_string() {
        String release = System.getProperty("lantaarn.expectedRelease");
        assertThat(release).as("surefire passes the build's lantaarn.release").isNotBlank().doesNotStartWith("${");

        assertThat(run("--version")).isZero();

        assertThat(out.toString().strip()).isEqualTo("lantaarn-config " + release);
        assertThat(ReleaseVersion.VALUE).isEqualTo(release);
    }

    @Test
    void prints_node_version_and_hash_of_a_valid_document_and_exits_zero() {
        String file = example("node-valid.yaml");

        int code = run("validate", file);

        assertThat(code).isZero();
        assertThat(out.toString()).matches(java.util.regex.Pattern.quote(file)
                + ": valid \\(node lp-0042, version 3, sha256 [0-9a-f]{64}\\)\\R");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void prints_all_three_errors_of_a_document_with_three_errors_with_their_paths_and_exits_one() {
        String file = example("node-three-errors.yaml");

        int code = run("validate", file);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                file + ": node: must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit",
                file + ": streams[1].window: must divide a day evenly, so that windows align on the clock (e.g. 1m, 5m, 15m, 1h); 7m does not",
                file + ": streams[1].colour: unknown field");
    }

    @Test
    void reports_a_missing_file_as_a_violation_and_exits_one(@TempDir Path dir) {
        String file = dir.resolve("absent.yaml").toString();

        assertThat(run("validate", file)).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(file + ": $: cannot read " + file + ": no such file" + System.lineSeparator());
    }

    @Test
    void exits_two_on_usage_errors() {
        assertThat(run("validate")).isEqualTo(2);
        assertThat(run("validate", "a.yaml", "b.yaml")).isEqualTo(2);
        assertThat(run("validate", "--colour", "a.yaml")).isEqualTo(2);
        assertThat(run("check", "a.yaml")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Usage: lantaarn-config");
    }

    @Test
    void prints_help_and_exits_zero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: lantaarn-config").contains("validate");
    }

    @Test
    void keygen_sign_and_verify_work_together_and_verify_names_the_reason_of_a_refusal(@TempDir Path tmp) throws Exception {
        assertThat(run("keygen", "--out", tmp.resolve("keys").toString(), "--name", "alice")).isZero();
        assertThat(out.toString()).containsPattern("key id [0-9a-f]{16}");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(tmp.resolve("keys/alice.key")))).isEqualTo("rw-------");
        Path signed = tmp.resolve("signed.json");

        assertThat(run("sign", "--key", tmp.resolve("keys/alice.key").toString(), "--out", signed.toString(),
                example("node-valid.yaml"))).isZero();
        assertThat(run("verify", "--trust", tmp.resolve("keys").toString(), signed.toString())).isZero();
        assertThat(out.toString()).contains("verified: node lp-0042, version 3");

        assertThat(run("keygen", "--out", tmp.resolve("other").toString())).isZero();
        assertThat(run("verify", "--trust", tmp.resolve("other").toString(), signed.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("refused: unknown-key");
    }

    @Test
    void ca_init_and_issue_make_a_node_certificate_from_its_request(@TempDir Path tmp) throws Exception {
        assertThat(run("ca", "init", "--dir", tmp.resolve("ca").toString(), "--name", "Gemeente Test CA")).isZero();
        Path csr = tmp.resolve("lp-9.csr");
        java.nio.file.Files.writeString(csr, org.lantaarn.config.pki.Csr.generate("lp-9").pem());

        assertThat(run("ca", "issue", "--dir", tmp.resolve("ca").toString(), "--node", "lp-9", "--csr", csr.toString())).isZero();
        assertThat(org.lantaarn.config.pki.Pem.readCertificates(tmp.resolve("lp-9.crt")).getFirst()
                .getSubjectX500Principal().getName()).isEqualTo("CN=lp-9,OU=node");
        assertThat(run("ca", "issue", "--dir", tmp.resolve("ca").toString(), "--node", "lp-10", "--csr", csr.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("CN=lp-9, not lp-10");
        assertThat(run("ca", "issue", "--dir", tmp.resolve("ca").toString(), "--twin-consumer", "lp-9", "--csr", csr.toString(),
                "--out", tmp.resolve("twin.crt").toString())).as("one name, one role").isEqualTo(1);
        assertThat(err.toString()).contains("issued before as a node");
    }
}
