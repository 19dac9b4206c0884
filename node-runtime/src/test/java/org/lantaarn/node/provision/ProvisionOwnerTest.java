package org.lantaarn.node.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.cli.NodeCli;
import picocli.CommandLine;

class ProvisionOwnerTest {
    @TempDir
    Path dir;

    @Test
    void provision_as_root_gives_the_private_key_to_the_service_user_and_keeps_it_owner_only() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root (CI runs as root)");

        int code = NodeCli.execute("provision", "--node", "lp-0042", "--site", "den-bosch", "--lat", "51.6886", "--lon", "5.3042",
                "--broker", "ssl://broker.example:8883", "--out", dir.toString(), "--owner", "nobody");

        assertThat(code).isZero();
        Path key = dir.resolve("node.key");
        assertThat(Files.getOwner(key).getName()).isEqualTo("nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.getOwner(dir.resolve("node.yaml")).getName()).as("the configuration stays root's").isEqualTo("root");
    }

    @Test
    void provision_as_root_without_an_owner_says_that_the_service_cannot_read_the_key() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the note is for root only");
        StringWriter err = new StringWriter();
        CommandLine cl = NodeCli.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));

        int code = cl.execute("provision", "--node", "lp-2", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.toString());

        assertThat(code).isZero();
        assertThat(err.toString()).contains("cannot read it; provision with --owner lantaarn");
    }

    @Test
    void provision_refuses_an_owner_that_does_not_exist_before_writing_anything() {
        StringWriter err = new StringWriter();
        CommandLine cl = NodeCli.commandLine();
        cl.setErr(new PrintWriter(err));

        int code = cl.execute("provision", "--node", "lp-1", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.toString(), "--owner", "no-such-user-lantaarn");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no such user: no-such-user-lantaarn");
        assertThat(dir.resolve("node.key")).doesNotExist();
        assertThat(dir.resolve("node.yaml")).doesNotExist();
    }
}
