package org.lantaarn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.observation;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.TestClients;
import org.lantaarn.gateway.TestClients.NodePublisher;
import org.lantaarn.protocol.Topics;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

@Tag("integration")
class EmbeddedBrokerTest {
    private final Topics topics = Topics.defaults();

    @Test
    void a_gateway_with_the_embedded_broker_feeds_the_twin_and_hivemq_never_phones_home(@TempDir Path dataDir) throws Exception {
        int port = MosquittoBroker.freePort();
        try (Gateway gateway = Gateway.builder().config(GatewayConfig.embedded(port, dataDir).withOpenReads(true)).build().start()) {
            assertThat(gateway.mqttUri()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(gateway.mqttConnected()).isTrue();

            // Anonymous usage statistics: off in the config.xml HiveMQ was started with ...
            String configXml = Files.readString(dataDir.resolve("broker/conf/config.xml"));
            assertThat(configXml.replaceAll("\\s", ""))
                    .contains("<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>");
            // ... and off in HiveMQ's effective configuration.
            assertThat(usageStatisticsEnabled(gateway.embeddedBroker())).isFalse();

            try (MessageCollector twin = MessageCollector.subscribe(gateway.mqttUri(), topics.allTwin());
                 NodePublisher node = new NodePublisher(gateway.mqttUri())) {
                node.send(topics.status("n1"), birth("n1", "nijmegen"), true);
                node.send(topics.obs("n1", "climate"), observation("n1", 1), false);
                await().atMost(Duration.ofSeconds(15)).until(() -> twin.messages().stream()
                        .anyMatch(m -> m.topic().equals("lantaarn/v1/twin/nijmegen/n1/climate") && m.payload().contains("\"site\":\"nijmegen\"")));
            }
            assertThat(TestClients.get(gateway.httpPort(), "/healthz").json().get("mqtt").asText()).isEqualTo("connected");
        }
        assertThat(Files.isDirectory(dataDir.resolve("broker/data"))).isTrue();
    }

    /** Reads {@code FullConfigurationService.usageStatisticsConfiguration().isEnabled()} from the running HiveMQ. */
    private static boolean usageStatisticsEnabled(EmbeddedBroker broker) throws Exception {
        Object hivemq = broker.hivemq();
        Field f = hivemq.getClass().getDeclaredField("configurationService");
        f.setAccessible(true);
        Object configService = f.get(hivemq);
        assertThat(configService).as("HiveMQ's configuration service").isNotNull();
        var m = Class.forName("com.hivemq.configuration.service.FullConfigurationService").getMethod("usageStatisticsConfiguration");
        Object usage = m.invoke(configService);
        return (boolean) Class.forName("com.hivemq.statistics.UsageStatisticsConfig").getMethod("isEnabled").invoke(usage);
    }
}
