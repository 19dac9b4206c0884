package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @Test
    void an_empty_document_gives_the_defaults() {
        GatewayConfig c = GatewayConfig.fromYaml("");
        assertThat(c.broker()).isEqualTo("embedded");
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.security().httpTls()).isNull();
        assertThat(c.dataDir()).isEqualTo(Path.of("data/gateway"));
        assertThat(c.topicPrefix()).isEqualTo("lantaarn/v1");
        assertThat(c.clientId()).isEqualTo("lantaarn-gateway");
        assertThat(c.sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(c.sharedSubscription()).isFalse();
        assertThat(c.subscriptionFilter()).isEqualTo("lantaarn/v1/nodes/+/#");
    }

    @Test
    void every_key_is_read_from_yaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                broker: tcp://10.0.0.5:1883
                mqttPort: 11883
                mqttHost: 127.0.0.1
                httpPort: 0
                httpHost: 127.0.0.1
                dataDir: /var/lib/lantaarn
                topicPrefix: city/v1
                clientId: gw-1
                sessionExpiry: 12h
                sharedSubscription: true
                """);
        GatewayConfig c = GatewayConfig.load(file);
        assertThat(c.broker()).isEqualTo("tcp://10.0.0.5:1883");
        assertThat(c.embeddedBroker()).isFalse();
        assertThat(c.mqttPort()).isEqualTo(11883);
        assertThat(c.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isZero();
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/lantaarn"));
        assertThat(c.clientId()).isEqualTo("gw-1");
        assertThat(c.sessionExpiry()).isEqualTo(Duration.ofHours(12));
        assertThat(c.subscriptionFilter()).isEqualTo("$share/lantaarn-gateway/city/v1/nodes/+/#");
    }

    @Test
    void session_expiry_takes_the_same_duration_forms_as_a_node_configuration() {
        assertThat(GatewayConfig.fromYaml("sessionExpiry: 1d").sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(GatewayConfig.fromYaml("sessionExpiry: 30m").sessionExpiry()).isEqualTo(Duration.ofMinutes(30));
        assertThat(GatewayConfig.fromYaml("sessionExpiry: 2h").sessionExpiry()).isEqualTo(Duration.ofHours(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayConfig.fromYaml("sessionExpiry: PT2H"))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("sessionExpiry must be a duration");
        assertThat(GatewayConfig.fromYaml("sessionExpiry: 90").sessionExpiry()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void errors_name_the_field() {
        assertThatThrownBy(() -> GatewayConfig.fromYaml("httpPort: 70000")).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("mqttPort: many")).hasMessageContaining("mqttPort");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("broker: nonsense")).hasMessageContaining("broker");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("sessionExpiry: soon")).hasMessageContaining("sessionExpiry");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("topicPrefix: /bad/")).hasMessageContaining("topicPrefix");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("clientId: 'has space'")).hasMessageContaining("clientId");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("sharedSubscription: maybe")).hasMessageContaining("sharedSubscription");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("brokr: embedded")).hasMessageContaining("unknown key 'brokr'");
    }

    @Test
    void a_file_error_names_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, "httpPort: -1\n");
        assertThatThrownBy(() -> GatewayConfig.load(file))
                .isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gw.yaml").hasMessageContaining("httpPort");
        assertThatThrownBy(() -> GatewayConfig.load(dir.resolve("missing.yaml")))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("missing.yaml");
    }
}
