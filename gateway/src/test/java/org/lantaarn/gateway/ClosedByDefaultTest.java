package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.pki.ServerTls;
import org.lantaarn.config.pki.TlsFiles;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.TestPki;

/**
 * Done-when 2: no configuration value opens a port beyond loopback without authentication. The binds are read back
 * from the kernel ({@code /proc/net/tcp}), not from what the gateway believes.
 */
@Tag("integration")
class ClosedByDefaultTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_configuration_file_binds_the_embedded_broker_and_the_api_on_127_0_0_1_only() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "");
        // the empty file's ports (1883, 8080) may be taken on a shared machine: only they and the data directory change
        GatewayConfig empty = GatewayConfig.load(file);
        assertThat(empty.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(empty.httpHost()).isEqualTo("127.0.0.1");
        GatewayConfig config = empty.withMqttPort(MosquittoBroker.freePort()).withHttpPort(0).withDataDir(dir.resolve("data"));

        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Gateway.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        log.addAppender(appender);
        try (Gateway gateway = Gateway.builder().config(config).build().start()) {
            int mqtt = gateway.embeddedBroker().port();
            int http = gateway.httpPort();

            assertThat(listeners(mqtt)).containsExactly("127.0.0.1");
            assertThat(listeners(http)).containsExactly("127.0.0.1");
            assertThat(gateway.httpBind()).isEqualTo("http://127.0.0.1:" + http);
            java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> lines;
            synchronized (appender) { // the gateway's threads may still log into the appender's plain list
                lines = java.util.List.copyOf(appender.list);
            }
            assertThat(lines).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .as("the startup log states the true binds")
                    .anySatisfy(m -> assertThat(m).contains("embedded MQTT broker listening on 127.0.0.1:" + mqtt)
                            .contains("HTTP API listening on http://127.0.0.1:" + http));
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void a_non_loopback_embedded_broker_is_refused_at_startup_naming_mqtthost() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "mqttHost: 0.0.0.0\ndataDir: " + dir.resolve("data") + "\n");

        assertThatThrownBy(() -> Gateway.builder().config(GatewayConfig.load(file)).build().start())
                .isInstanceOf(GatewayConfigException.class).hasMessageStartingWith("mqttHost:").hasMessageContaining("0.0.0.0");
        assertThat(runCli(file)).contains("mqttHost:");
        assertThat(dir.resolve("data/broker")).doesNotExist();
    }

    @Test
    void a_non_loopback_api_without_tls_is_refused_at_startup_naming_httphost() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "httpHost: 0.0.0.0\ndataDir: " + dir.resolve("data") + "\n");

        assertThatThrownBy(() -> Gateway.builder().config(GatewayConfig.load(file)).build().start())
                .isInstanceOf(GatewayConfigException.class).hasMessageStartingWith("httpHost:").hasMessageContaining("httpTls");
        assertThat(runCli(file)).contains("httpHost:");
    }

    @Test
    void with_a_server_certificate_from_the_sites_ca_the_api_speaks_https_and_only_https() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TlsFiles api = pki.server("lantaarn-api");
        Path file = Files.writeString(dir.resolve("gateway.yaml"), """
                broker: %s
                httpHost: 0.0.0.0
                httpPort: 0
                httpTls: {cert: pki/lantaarn-api.crt, key: pki/lantaarn-api.key}
                dataDir: %s
                openReads: true
                """.formatted("tcp://127.0.0.1:" + MosquittoBroker.freePort(), dir.resolve("data")));
        GatewayConfig config = GatewayConfig.load(file);
        assertThat(config.security().httpTls()).isEqualTo(new ServerTls(api.cert(), api.key()));

        try (Gateway gateway = Gateway.builder().config(config).build().start()) {
            int port = gateway.httpPort();
            assertThat(gateway.httpBind()).isEqualTo("https://0.0.0.0:" + port);
            HttpClient https = HttpClient.newBuilder().sslContext(TlsFiles.trustOnly(pki.caFile())).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isIn(200, 503);
            assertThat(r.body()).contains("\"status\"");

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString())).as("plain HTTP on the HTTPS port").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void a_group_readable_api_key_is_refused_at_startup() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TlsFiles api = pki.server("lantaarn-api");
        Files.setPosixFilePermissions(api.key(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        GatewayConfig config = GatewayConfig.external("tcp://127.0.0.1:1", dir.resolve("data"))
                .withSecurity(SecuritySettings.none().withHttpTls(new ServerTls(api.cert(), api.key())));

        assertThatThrownBy(() -> Gateway.builder().config(config).build().start())
                .isInstanceOf(GatewayConfigException.class).hasMessageStartingWith("httpTls:").hasMessageContaining("only 0600 or 0400");
    }

    /** What {@code lantaarn-gateway run} prints on stderr for {@code file}; it must exit non-zero. */
    private static String runCli(Path file) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(GatewayCli.commandLine().execute("run", "--config", file.toString())).isNotZero();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The local addresses of the sockets listening on {@code port}, as the kernel reports them. */
    static List<String> listeners(int port) throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p); // read once: the table changes while other tests open sockets
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    out.add(address(local[0]));
                }
            }
        }
        return out;
    }

    private static String address(String hex) throws Exception {
        byte[] b = HexFormat.of().parseHex(hex);
        for (int i = 0; i < b.length; i += 4) { // the kernel prints each 32-bit word in host (little-endian) order
            byte t = b[i];
            b[i] = b[i + 3];
            b[i + 3] = t;
            t = b[i + 1];
            b[i + 1] = b[i + 2];
            b[i + 2] = t;
        }
        return java.net.InetAddress.getByAddress(b).getHostAddress();
    }
}
