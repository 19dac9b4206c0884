package org.lantaarn.gateway.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lantaarn.gateway.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ Community Edition, embedded, listening on one TCP port on a loopback address only (it has no authentication:
 * nodes on a network use Mosquitto with mutual TLS). Its folders live under {@code dir}:
 * {@code conf/config.xml} (written here on every start), {@code data/}, {@code extensions/} and {@code log/}.
 * Anonymous usage statistics are switched off in the written configuration: Lantaarn never phones home. HiveMQ logs
 * through the gateway's logback configuration (its own logging bootstrap is off). Not thread-safe: the gateway's
 * start and close own it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_S = 60;

    private final Path dir;
    private final String host;
    private final int port;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Path dir, String host, int port) {
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts HiveMQ on {@code host:port} ({@code port} 0: a free port) with its folders under {@code dir}, and waits
     * until it listens.
     */
    public static EmbeddedBroker start(Path dir, String host, int port) {
        if (!org.lantaarn.gateway.GatewayConfig.isLoopback(host)) {
            throw new GatewayException("the embedded MQTT broker has no authentication and listens on loopback only, not " + host);
        }
        int p = port == 0 ? freePort() : port;
        EmbeddedBroker b = new EmbeddedBroker(dir, host, p);
        b.startHiveMq();
        return b;
    }

    /** The configuration HiveMQ is started with: one TCP listener, anonymous usage statistics off. */
    public static String configXml(String host, int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the Lantaarn gateway on every start of its embedded broker; edits are overwritten. -->
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, xmlEscape(host));
    }

    private void startHiveMq() {
        Path conf = configFolder();
        try {
            Files.createDirectories(conf);
            Files.createDirectories(dataFolder());
            Files.createDirectories(dir.resolve("extensions"));
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(conf.resolve("config.xml"), configXml(host, port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GatewayException("cannot prepare the embedded broker's folders under " + dir + ": " + e.getMessage(), e);
        }
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(dataFolder())
                .withExtensionsFolder(dir.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        long t0 = System.nanoTime();
        try {
            hivemq.start().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly();
            throw new GatewayException("the embedded MQTT broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new GatewayException("interrupted while starting the embedded MQTT broker", e);
        }
        LOG.info("embedded MQTT broker (HiveMQ CE) listening on {}:{} in {} ms, folders under {}", host, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dir);
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The URI a local client connects to: {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path configFolder() {
        return dir.resolve("conf");
    }

    public Path dataFolder() {
        return dir.resolve("data");
    }

    /** The running HiveMQ instance, for tests that inspect its effective configuration. */
    public EmbeddedHiveMQ hivemq() {
        return hivemq;
    }

    /** Stops HiveMQ and waits for it. */
    @Override
    public void close() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("embedded MQTT broker did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        LOG.info("embedded MQTT broker stopped");
    }

    private void closeQuietly() {
        try {
            if (hivemq != null) {
                hivemq.close();
            }
        } catch (ExecutionException e) {
            LOG.debug("closing HiveMQ: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hivemq = null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new GatewayException("no free port for the embedded MQTT broker: " + e.getMessage(), e);
        }
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
