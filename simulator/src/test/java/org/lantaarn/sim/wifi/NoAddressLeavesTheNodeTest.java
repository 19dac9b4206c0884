package org.lantaarn.sim.wifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.WireSchemas;
import org.slf4j.LoggerFactory;

/**
 * Done-when 1 of the privacy issue: 10,000 known addresses go through a running node (real pcap driver,
 * SQLite outbox, MQTT) and the gateway (real Mosquitto); afterwards neither any address, in any common text
 * form or as raw bytes, nor any token the node made, appears in the node's or the gateway's data directory
 * (outbox database included), the broker's directory and log, any log line, or any MQTT message on {@code #}.
 */
@Tag("integration")
class NoAddressLeavesTheNodeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ADDRESSES = 10_000;

    /** Wraps the real provider to learn the tokens the node made (only a test may look at them). */
    private static final class TokenTap implements SensorDriverProvider {
        final Set<Long> tokens = ConcurrentHashMap.newKeySet();
        final WifiPresenceProvider real = new WifiPresenceProvider();

        @Override
        public Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
            return real.disclosures();
        }

        @Override
        public String sensor() {
            return real.sensor();
        }

        @Override
        public String driver() {
            return real.driver();
        }

        @Override
        public boolean isDefaultForSensor() {
            return true;
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            SensorDriver d = real.open(stream, context);
            return new SensorDriver() {
                @Override
                public SensorDescriptor descriptor() {
                    return d.descriptor();
                }

                @Override
                public void start(SampleSink sink) {
                    d.start(new SampleSink() {
                        @Override
                        public void sample(Instant at, Map<String, Double> values) {
                            sink.sample(at, values);
                        }

                        @Override
                        public void event(Instant at, String name, long count) {
                            sink.event(at, name, count);
                        }

                        @Override
                        public void fault(Instant at, String reason) {
                            sink.fault(at, reason);
                        }

                        @Override
                        public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
                            tokens.add(token);
                            sink.device(at, token, randomised, keyEpochStart);
                        }

                        @Override
                        public void condition(Instant at, String flag) {
                            sink.condition(at, flag);
                        }
                    });
                }

                @Override
                public void close() {
                    d.close();
                }
            };
        }
    }

    @Test
    void ten_thousand_addresses_leave_no_trace_in_data_outbox_logs_or_mqtt(@TempDir Path dir) throws Exception {
        List<byte[]> addresses = VirtualWifiCrowd.cityCentre(2026).addresses(ADDRESSES, 0.7);
        Path capture = dir.resolve("input").resolve("capture.pcap"); // the input itself is not searched
        Files.createDirectories(capture.getParent());
        ByteBuffer pcap = ByteBuffer.allocate(PcapWriter.HEADER + 2 * ADDRESSES * PcapWriter.RECORD);
        pcap.put(PcapWriter.header());
        long t0 = Instant.parse("2026-07-21T10:00:00Z").toEpochMilli() * 1000;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < ADDRESSES; i++) {
                PcapWriter.probe(pcap, t0 + round * 30_000_000L + i, addresses.get(i), -50, i);
            }
        }
        Files.write(capture, pcap.array());

        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> logLines = new ListAppender<>();
        logLines.setContext(logging);
        logLines.start();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = logging.getLogger("org.lantaarn");
        Logger node = logging.getLogger("org.lantaarn.node");
        Level rootLevel = root.getLevel();
        Level oursLevel = ours.getLevel();
        Level nodeLevel = node.getLevel();
        root.addAppender(logLines);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        node.setLevel(Level.DEBUG);

        TokenTap tap = new TokenTap();
        Path nodeDir = dir.resolve("node");
        Path gatewayDir = dir.resolve("gateway");
        List<MessageCollector.Received> messages;
        String brokerLog;
        Map<String, byte[]> brokerFiles = new java.util.LinkedHashMap<>();
        long devicesPublished = 0;
        try (MosquittoBroker broker = MosquittoBroker.start();
             MessageCollector all = MessageCollector.subscribe(broker.uri(), "#")) {
            Files.createDirectories(nodeDir);
            Path config = nodeDir.resolve("config.yaml");
            Files.writeString(config, """
                    schema: lantaarn.config/1
                    node: leak-test-1
                    site: den-bosch-centrum
                    version: 1
                    location: {lat: 51.6888, lon: 5.3045, description: "Markt, lamppost 3"}
                    purpose: count visitors on the Markt
                    legalGround: Public task of the municipality (GDPR article 6(1)(e))
                    uplink: {broker: "%s"}
                    window: 1s
                    streams:
                      - id: wifi
                        sensor: wifi-presence
                        settings: {source: "%s", timestamps: arrival}
                        privacy: {k: 5, keyRotation: 1h}
                    """.formatted(broker.uri(), capture), StandardCharsets.UTF_8);
            ConfigResult loaded = ConfigLoader.load(config);
            assertThat(loaded).as("%s", loaded).isInstanceOf(ConfigResult.Valid.class);
            ConfigResult.Valid valid = (ConfigResult.Valid) loaded;
            Gateway gateway = Gateway.builder().config(GatewayConfig.external(broker.uri(), gatewayDir).withHttpPort(0)).build().start();
            NodeRuntime runtime = NodeRuntime.builder().config(valid.config()).configHash(valid.sha256()).dataDir(nodeDir)
                    .providers(List.of(tap)).build();
            try {
                runtime.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> tap.tokens.size() >= ADDRESSES);
                long seqAfterRead = runtime.lastRecordedSeq();
                await().atMost(Duration.ofSeconds(30)).until(() -> runtime.lastRecordedSeq() >= seqAfterRead + 2);
                long last = runtime.lastRecordedSeq();
                await().atMost(Duration.ofSeconds(30)).until(() -> twinSeqs(all).size() >= last);
            } finally {
                runtime.close();
                gateway.close();
            }
            for (MessageCollector.Received m : all.messages()) {
                if (!m.topic().startsWith("v1.1/")) { // SensorThings messages (the gateway's MQTT extension) are not wire messages
                    assertThat(WireSchemas.violations(m.payload())).as("%s", m.topic()).isEmpty();
                }
                if (m.topic().startsWith("lantaarn/v1/twin/") && m.topic().endsWith("/wifi")) {
                    JsonNode devices = MAPPER.readTree(m.payload()).path("values").path("devices");
                    devicesPublished += devices.isNumber() ? devices.asLong() : 0;
                }
            }
            messages = all.messages();
            brokerLog = broker.log();
            try (Stream<Path> walk = Files.walk(broker.dir())) { // the broker deletes its directory when it stops
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    brokerFiles.put(f.toString(), readQuietly(f));
                }
            }
        } finally {
            root.detachAppender(logLines);
            root.setLevel(rootLevel);
            ours.setLevel(oursLevel);
            node.setLevel(nodeLevel);
        }

        // The chain really ran: every address became a token, and the counts reached the twin.
        assertThat(tap.tokens).hasSize(ADDRESSES);
        assertThat(devicesPublished).isBetween((long) ADDRESSES, 2L * ADDRESSES);

        AddressSearch search = new AddressSearch();
        addresses.forEach(search::address);
        tap.tokens.forEach(search::token);

        // The search itself works: a planted address and token are found.
        byte[] planted = ("x" + java.util.HexFormat.ofDelimiter("-").formatHex(addresses.get(17)).toUpperCase()
                + " y" + Long.toUnsignedString(tap.tokens.iterator().next())).getBytes(StandardCharsets.US_ASCII);
        assertThat(search.find("planted", planted).stream().map(AddressSearch.Hit::needle).distinct()).hasSize(2);

        List<AddressSearch.Hit> hits = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, byte[]> f : brokerFiles.entrySet()) {
            hits.addAll(search.find(f.getKey(), f.getValue()));
            files++;
        }
        for (Path root2 : List.of(nodeDir, gatewayDir)) {
            try (Stream<Path> walk = Files.walk(root2)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    hits.addAll(search.find(f.toString(), readQuietly(f)));
                    files++;
                }
            }
        }
        assertThat(nodeDir.resolve("outbox.db")).exists();
        hits.addAll(search.find("outbox.db", Files.readAllBytes(nodeDir.resolve("outbox.db"))));
        for (ILoggingEvent e : logLines.list) {
            String line = e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() != null ? ThrowableProxyUtil.asString(e.getThrowableProxy()) : "");
            hits.addAll(search.find("log line", line.getBytes(StandardCharsets.UTF_8)));
        }
        hits.addAll(search.find("broker log", brokerLog.getBytes(StandardCharsets.UTF_8)));
        for (MessageCollector.Received m : messages) {
            hits.addAll(search.find("mqtt " + m.topic(), (m.topic() + " " + m.payload()).getBytes(StandardCharsets.UTF_8)));
        }
        System.out.printf("searched %d files, %d log lines, %d MQTT messages for %,d needle forms of %,d addresses and %,d tokens: %d hits%n",
                files, logLines.list.size(), messages.size(), search.needles(), ADDRESSES, tap.tokens.size(), hits.size());
        assertThat(logLines.list).isNotEmpty();
        assertThat(messages).hasSizeGreaterThan(3);
        assertThat(hits).isEmpty();
    }

    /**
     * The same with standard input as the capture source ({@code source: "-"}, as {@code tcpdump -w - | lantaarn-node run}
     * feeds it): a real node process reads the capture from its file descriptor 0 through the one buffer its reader
     * owns and zeroes. The node's tokens live in another process here, so the search is for the addresses in every
     * form; the node process's whole output is searched as well.
     */
    @Test
    void ten_thousand_addresses_on_standard_input_leave_no_trace_either(@TempDir Path dir) throws Exception {
        List<byte[]> addresses = VirtualWifiCrowd.cityCentre(2027).addresses(ADDRESSES, 0.7);
        Path capture = dir.resolve("input").resolve("capture.pcap");
        Files.createDirectories(capture.getParent());
        ByteBuffer pcap = ByteBuffer.allocate(PcapWriter.HEADER + ADDRESSES * PcapWriter.RECORD);
        pcap.put(PcapWriter.header());
        long t0 = Instant.parse("2026-07-21T10:00:00Z").toEpochMilli() * 1000;
        for (int i = 0; i < ADDRESSES; i++) {
            PcapWriter.probe(pcap, t0 + i, addresses.get(i), -50, i);
        }
        Files.write(capture, pcap.array());

        Path nodeDir = dir.resolve("node");
        Path gatewayDir = dir.resolve("gateway");
        Path nodeLog = dir.resolve("node-process.log");
        List<MessageCollector.Received> messages;
        String brokerLog;
        Map<String, byte[]> brokerFiles = new java.util.LinkedHashMap<>();
        long devicesPublished = 0;
        try (MosquittoBroker broker = MosquittoBroker.start();
             MessageCollector all = MessageCollector.subscribe(broker.uri(), "#")) {
            Files.createDirectories(nodeDir);
            Path config = nodeDir.resolve("config.yaml");
            Files.writeString(config, """
                    schema: lantaarn.config/1
                    node: leak-test-2
                    site: den-bosch-centrum
                    version: 1
                    location: {lat: 51.6888, lon: 5.3045, description: "Markt, lamppost 4"}
                    purpose: count visitors on the Markt
                    legalGround: Public task of the municipality (GDPR article 6(1)(e))
                    uplink: {broker: "%s"}
                    window: 1s
                    streams:
                      - id: wifi
                        sensor: wifi-presence
                        settings: {source: "-", timestamps: arrival}
                        privacy: {k: 5, keyRotation: 1h}
                    """.formatted(broker.uri()), StandardCharsets.UTF_8);
            Gateway gateway = Gateway.builder().config(GatewayConfig.external(broker.uri(), gatewayDir).withHttpPort(0)).build().start();
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "org.lantaarn.node.cli.NodeCli",
                    "run", "--config", config.toString(), "--data-dir", nodeDir.toString()));
            Process node = new ProcessBuilder(cmd).redirectInput(capture.toFile()).redirectErrorStream(true)
                    .redirectOutput(nodeLog.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> devices(all) >= ADDRESSES);
                node.destroy();
                assertThat(node.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                node.destroyForcibly();
                gateway.close();
            }
            for (MessageCollector.Received m : all.messages()) {
                if (!m.topic().startsWith("v1.1/")) { // SensorThings messages (the gateway's MQTT extension) are not wire messages
                    assertThat(WireSchemas.violations(m.payload())).as("%s", m.topic()).isEmpty();
                }
            }
            devicesPublished = devices(all);
            messages = all.messages();
            brokerLog = broker.log();
            try (Stream<Path> walk = Files.walk(broker.dir())) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    brokerFiles.put(f.toString(), readQuietly(f));
                }
            }
        }

        assertThat(devicesPublished).isBetween((long) ADDRESSES, 2L * ADDRESSES);
        AddressSearch search = new AddressSearch();
        addresses.forEach(search::address);
        byte[] planted = ("x" + java.util.HexFormat.ofDelimiter(":").formatHex(addresses.get(17))).getBytes(StandardCharsets.US_ASCII);
        assertThat(search.find("planted", planted)).isNotEmpty();

        List<AddressSearch.Hit> hits = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : brokerFiles.entrySet()) {
            hits.addAll(search.find(f.getKey(), f.getValue()));
        }
        for (Path root2 : List.of(nodeDir, gatewayDir)) {
            try (Stream<Path> walk = Files.walk(root2)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    hits.addAll(search.find(f.toString(), readQuietly(f)));
                }
            }
        }
        assertThat(nodeDir.resolve("outbox.db")).exists();
        byte[] output = Files.readAllBytes(nodeLog);
        assertThat(new String(output, StandardCharsets.UTF_8)).contains("started node leak-test-2");
        hits.addAll(search.find("node process output", output));
        hits.addAll(search.find("broker log", brokerLog.getBytes(StandardCharsets.UTF_8)));
        for (MessageCollector.Received m : messages) {
            hits.addAll(search.find("mqtt " + m.topic(), (m.topic() + " " + m.payload()).getBytes(StandardCharsets.UTF_8)));
        }
        System.out.printf("stdin: searched the node's output, %d MQTT messages for %,d needle forms of %,d addresses: %d hits%n",
                messages.size(), search.needles(), ADDRESSES, hits.size());
        assertThat(hits).isEmpty();
    }

    private static long devices(MessageCollector all) throws IOException {
        long n = 0;
        for (MessageCollector.Received m : all.messages()) {
            if (m.topic().startsWith("lantaarn/v1/twin/") && m.topic().endsWith("/wifi")) {
                JsonNode devices = MAPPER.readTree(m.payload()).path("values").path("devices");
                n += devices.isNumber() ? devices.asLong() : 0;
            }
        }
        return n;
    }

    private static byte[] readQuietly(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return new byte[0]; // a file that vanished (a socket, a lock) has nothing to search
        }
    }

    private static List<Long> twinSeqs(MessageCollector all) throws IOException {
        List<Long> seqs = new ArrayList<>();
        for (MessageCollector.Received m : all.messages()) {
            if (m.topic().startsWith("lantaarn/v1/twin/") && !m.topic().endsWith("/status")) {
                seqs.add(MAPPER.readTree(m.payload()).get("seq").asLong());
            }
        }
        return seqs;
    }
}
