package org.lantaarn.node.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.pki.Csr;
import org.lantaarn.node.cli.NodeCli;

class ProvisionCommandTest {
    @TempDir
    Path dir;

    @Test
    void provision_writes_a_private_key_only_the_owner_reads_a_request_for_the_node_id_and_a_valid_first_configuration() throws Exception {
        int code = NodeCli.execute("provision", "--node", "lp-0042", "--site", "den-bosch", "--lat", "51.6886", "--lon", "5.3042",
                "--broker", "ssl://broker.example:8883", "--out", dir.toString());

        assertThat(code).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node.key")))).isEqualTo("rw-------");
        assertThat(Csr.parse(Files.readString(dir.resolve("node.csr"))).commonName()).isEqualTo("lp-0042");
        ConfigResult config = ConfigLoader.load(dir.resolve("node.yaml"));
        assertThat(config).isInstanceOfSatisfying(ConfigResult.Valid.class, v -> {
            assertThat(v.config().uplink().tls().keyFile()).isEqualTo(dir.resolve("node.key"));
            assertThat(v.config().version()).isEqualTo(1);
        });
    }

    @Test
    void a_stream_may_name_its_driver_and_the_tls_files_stay_relative_to_the_configuration() throws Exception {
        int code = NodeCli.execute("provision", "--node", "lp-7", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.toString(), "--stream", "air:climate:simulated");

        assertThat(code).isZero();
        String yaml = Files.readString(dir.resolve("node.yaml"));
        assertThat(yaml).contains("tls: {ca: ca.crt, cert: node.crt, key: node.key}").contains("driver: simulated");
        assertThat(ConfigLoader.load(dir.resolve("node.yaml"))).isInstanceOfSatisfying(ConfigResult.Valid.class, v -> {
            assertThat(v.config().streams().getFirst().driver()).isEqualTo("simulated");
            assertThat(v.config().uplink().tls().caFile()).isEqualTo(dir.resolve("ca.crt"));
        });
        assertThat(NodeCli.execute("provision", "--node", "lp-8", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.resolve("other").toString(), "--stream", "air:")).isEqualTo(1);
    }

    @Test
    void provision_refuses_a_plain_broker_and_never_overwrites_a_node() {
        assertThat(NodeCli.execute("provision", "--node", "lp-1", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "tcp://broker:1883", "--out", dir.toString())).isEqualTo(1);
        assertThat(NodeCli.execute("provision", "--node", "lp-1", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.toString())).isZero();
        assertThat(NodeCli.execute("provision", "--node", "lp-1", "--site", "s", "--lat", "1", "--lon", "2",
                "--broker", "ssl://broker:8883", "--out", dir.toString())).isEqualTo(1);
    }
}
