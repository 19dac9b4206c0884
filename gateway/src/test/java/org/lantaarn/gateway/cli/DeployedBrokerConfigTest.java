package org.lantaarn.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.broker.MosquittoConfigWriter;

/**
 * One source: the committed {@code deploy/mosquitto/} is exactly what {@code broker-config} writes for the standard
 * paths. When this fails after a change to the generator, regenerate with
 * {@code ./lantaarn gateway broker-config --out deploy/mosquitto} and the arguments in {@link BrokerConfigCommand#DEPLOY_ARGS}.
 */
class DeployedBrokerConfigTest {
    private static final Path DEPLOY = Path.of("..", "deploy", "mosquitto");

    @TempDir
    Path dir;

    @Test
    void the_committed_deploy_files_are_the_generators_output() throws Exception {
        List<String> args = new ArrayList<>(List.of("broker-config", "--out", dir.toString()));
        args.addAll(BrokerConfigCommand.DEPLOY_ARGS);

        assertThat(GatewayCli.commandLine().execute(args.toArray(String[]::new))).isZero();

        for (String f : List.of(MosquittoConfigWriter.CONF, MosquittoConfigWriter.ACL)) {
            assertThat(Files.readString(DEPLOY.resolve(f))).as("deploy/mosquitto/" + f + " (regenerate it, see this test's Javadoc)")
                    .isEqualTo(Files.readString(dir.resolve(f)));
        }
    }

    @Test
    void the_deployed_configuration_binds_client_ids_to_certificates_and_bounds_packets_queues_and_sessions() throws Exception {
        String conf = Files.readString(DEPLOY.resolve(MosquittoConfigWriter.CONF));

        assertThat(conf).contains("use_identity_as_username true", "use_username_as_clientid true", "require_certificate true",
                "allow_anonymous false", "max_packet_size 131072", "max_queued_bytes 5000000000", "persistent_client_expiration 8d",
                "acl_file /etc/mosquitto/lantaarn/lantaarn.acl");
    }
}
