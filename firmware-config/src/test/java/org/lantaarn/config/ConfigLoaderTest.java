package org.lantaarn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.config.Documents.bytes;
import static org.lantaarn.config.Documents.validWith;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.protocol.Location;

class ConfigLoaderTest {

    private static NodeConfig valid(ConfigResult result) {
        assertThat(result).isInstanceOf(ConfigResult.Valid.class);
        return ((ConfigResult.Valid) result).config();
    }

    private static List<Violation> violations(ConfigResult result) {
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).violations();
    }

    private static List<Violation> violationsAfter(Consumer<ObjectNode> edit) {
        return violations(ConfigLoader.parse(validWith(edit)));
    }

    private static ObjectNode stream(ObjectNode doc, int i) {
        return (ObjectNode) doc.get("streams").get(i);
    }

    private static ObjectNode addStream(ObjectNode doc, String id, String sensor) {
        return ((ArrayNode) doc.get("streams")).addObject().put("id", id).put("sensor", sensor);
    }

    // ------------------------------------------------------------ the examples

    @Test
    void loads_the_valid_example_into_the_model() throws IOException {
        Path file = Documents.path("node-valid.yaml");

        ConfigResult result = ConfigLoader.load(file);

        NodeConfig c = valid(result);
        assertThat(c.node()).isEqualTo("lp-0042");
        assertThat(c.site()).isEqualTo("den-bosch-centre");
        assertThat(c.version()).isEqualTo(3);
        assertThat(c.location()).isEqualTo(new Location(51.6889, 5.3047, 6.0, "lamppost 14, Hinthamerstraat"));
        assertThat(c.purpose()).startsWith("Measure heat stress");
        assertThat(c.legalGround()).startsWith("public task");
        assertThat(c.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.uplink().broker()).isEqualTo("ssl://broker.lantaarn.example:8883");
        assertThat(c.uplink().topicPrefix()).isEqualTo("lantaarn/v1");
        assertThat(c.uplink().sessionExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(c.uplink().outbox()).isEqualTo(new OutboxLimits(100_000, 67_108_864, Duration.ofDays(7)));
        assertThat(c.streams()).extracting(StreamConfig::id).containsExactly("climate", "motion");

        StreamConfig climate = c.stream("climate").orElseThrow();
        assertThat(climate.sensor()).isEqualTo("climate");
        assertThat(climate.driver()).isEqualTo("simulated");
        assertThat(climate.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(climate.window()).isNull();
        assertThat(c.windowOf(climate)).isEqualTo(Duration.ofSeconds(60));
        assertThat(climate.settings()).isEqualTo(Map.of("bus", "1", "address", "0x76"));
        assertThat(climate.privacy()).isEqualTo(PrivacyConfig.defaults());

        StreamConfig motion = c.stream("motion").orElseThrow();
        assertThat(motion.sensor()).isEqualTo("motion");
        assertThat(c.windowOf(motion)).isEqualTo(Duration.ofMinutes(5));
        assertThat(motion.settings()).isEqualTo(Map.of("pin", "17", "holdTime", "2s"));
        assertThat(motion.privacy()).isEqualTo(new PrivacyConfig(5, null, Duration.ofMinutes(60)));
        assertThat(motion.schedule()).isNull();
    }

    @Test
    void resolves_tls_files_against_the_directory_of_the_document() {
        Path file = Documents.path("node-valid.yaml");

        TlsConfig tls = valid(ConfigLoader.load(file)).uplink().tls();

        Path dir = file.toAbsolutePath().getParent();
        assertThat(tls).isEqualTo(new TlsConfig(dir.resolve("tls/ca.pem"), dir.resolve("tls/lp-0042.pem"), dir.resolve("tls/lp-0042.key")));
    }

    @Test
    void keeps_tls_files_as_written_when_parsing_bytes_and_keeps_absolute_ones_when_loading() {
        TlsConfig tls = valid(ConfigLoader.parse(validWith(d -> ((ObjectNode) d.at("/uplink/tls")).put("ca", "/etc/lantaarn/ca.pem"))))
                .uplink().tls();

        assertThat(tls.caFile()).isEqualTo(Path.of("/etc/lantaarn/ca.pem"));
        assertThat(tls.certFile()).isEqualTo(Path.of("tls/lp-0042.pem"));
    }

    @Test
    void carries_the_sha256_of_the_exact_document_bytes() throws Exception {
        byte[] doc = Files.readAllBytes(Documents.path("node-valid.yaml"));

        ConfigResult.Valid v = (ConfigResult.Valid) ConfigLoader.parse(doc);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(doc));
        assertThat(v.sha256()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(((ConfigResult.Valid) ConfigLoader.load(Documents.path("node-valid.yaml"))).sha256()).isEqualTo(expected);
        byte[] withComment = (new String(doc, java.nio.charset.StandardCharsets.UTF_8) + "# changed\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(((ConfigResult.Valid) ConfigLoader.parse(withComment)).sha256()).isNotEqualTo(expected);
    }

    @Test
    void accepts_the_same_document_written_as_json() throws IOException {
        byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Documents.valid());

        assertThat(valid(ConfigLoader.parse(json)).node()).isEqualTo("lp-0042");
    }

    @Test
    void reports_exactly_the_three_errors_of_the_three_error_example_with_their_paths() {
        ConfigResult result = ConfigLoader.load(Documents.path("node-three-errors.yaml"));

        assertThat(violations(result)).containsExactly(
                new Violation("node", "must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit"),
                new Violation("streams[1].window", "must divide a day evenly, so that windows align on the clock (e.g. 1m, 5m, 15m, 1h); 7m does not"),
                new Violation("streams[1].colour", "unknown field"));
    }

    @Test
    void fills_in_every_default_for_a_minimal_document() {
        NodeConfig c = valid(ConfigLoader.parse(bytes(Documents.minimal())));

        assertThat(c.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.uplink()).isEqualTo(UplinkConfig.to("tcp://localhost:1883"));
        assertThat(c.location()).isEqualTo(new Location(52.0, 5.0, null, null));
        assertThat(c.streams()).containsExactly(StreamConfig.of("motion", "motion", null));
        assertThat(c.streams().get(0).privacy()).isEqualTo(PrivacyConfig.defaults());
    }

    @Test
    void reads_an_optional_field_written_as_null_as_left_out() {
        NodeConfig c = valid(ConfigLoader.parse(bytes(Documents.minimal() + "window: ~\n")));

        assertThat(c.window()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void collects_every_violation_in_document_order_not_only_the_first() {
        List<Violation> v = violationsAfter(d -> {
            d.put("schema", "lantaarn.config/2");
            d.put("version", 0);
            ((ObjectNode) d.get("location")).put("lat", 95);
            stream(d, 0).put("sensor", "thermometer");
            stream(d, 1).putObject("privacy").put("k", 1).put("keyRotation", "2d");
        });

        assertThat(v).extracting(Violation::path).containsExactly(
                "schema", "version", "location.lat", "streams[0].sensor", "streams[1].privacy.k", "streams[1].privacy.keyRotation");
    }

    // ------------------------------------------------------------ broken documents

    @Nested
    class Unreadable_documents {
        @Test
        void reports_broken_yaml_as_one_violation_at_the_root_with_line_and_column() {
            List<Violation> v = violations(ConfigLoader.parse(bytes("schema: lantaarn.config/1\nnode: [lp-1\nsite: x\n")));

            assertThat(v).hasSize(1);
            assertThat(v.get(0).path()).isEqualTo("$");
            assertThat(v.get(0).message()).startsWith("not valid YAML at line ").contains("column");
            assertThat(v.get(0).message()).doesNotContain("\n").doesNotContain("Exception");
        }

        @Test
        void reports_a_tab_indented_document_as_broken_yaml() {
            List<Violation> v = violations(ConfigLoader.parse(bytes("schema: lantaarn.config/1\nlocation:\n\tlat: 1\n")));

            assertThat(v).singleElement().satisfies(x -> assertThat(x.path()).isEqualTo("$"));
        }

        @Test
        void reports_a_duplicate_key_as_one_violation_at_the_root() {
            List<Violation> v = violations(ConfigLoader.parse(bytes(Documents.minimal() + "node: lp-2\n")));

            assertThat(v).singleElement().satisfies(x -> {
                assertThat(x.path()).isEqualTo("$");
                assertThat(x.message()).contains("node");
            });
        }

        @Test
        void reports_an_empty_document() {
            assertThat(violations(ConfigLoader.parse(new byte[0]))).containsExactly(new Violation("$", "document is empty"));
            assertThat(violations(ConfigLoader.parse(bytes("# nothing but a comment\n")))).containsExactly(new Violation("$", "document is empty"));
        }

        @Test
        void reports_a_document_that_is_a_list_instead_of_a_mapping() {
            assertThat(violations(ConfigLoader.parse(bytes("- a\n- b\n")))).singleElement()
                    .satisfies(x -> assertThat(x.path()).isEqualTo("$"));
        }

        @Test
        void survives_an_alias_bomb() {
            StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
            char prev = 'a';
            for (char c = 'b'; c <= 'k'; c++) {
                yaml.append(c).append(": &").append(c).append(" [");
                for (int i = 0; i < 10; i++) {
                    yaml.append(i == 0 ? "" : ", ").append('*').append(prev);
                }
                yaml.append("]\n");
                prev = c;
            }
            assertThat(violations(ConfigLoader.parse(bytes(yaml.toString())))).isNotEmpty();
        }

        @Test
        void reports_a_missing_file_as_one_violation_at_the_root(@TempDir Path dir) {
            Path missing = dir.resolve("absent.yaml");

            assertThat(violations(ConfigLoader.load(missing)))
                    .containsExactly(new Violation("$", "cannot read " + missing + ": no such file"));
        }

        @Test
        void reports_a_directory_as_one_violation_at_the_root(@TempDir Path dir) {
            assertThat(violations(ConfigLoader.load(dir))).singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("directory"));
        }

        @Test
        void refuses_a_document_larger_than_one_mebibyte(@TempDir Path dir) throws IOException {
            Path big = dir.resolve("big.yaml");
            Files.writeString(big, Documents.minimal() + "#" + "x".repeat(ConfigLoader.MAX_DOCUMENT_BYTES) + "\n");

            assertThat(violations(ConfigLoader.load(big))).singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("larger than"));
        }
    }

    // ------------------------------------------------------------ node-level rules

    @Nested
    class Node_fields {
        @Test
        void requires_the_schema_to_be_lantaarn_config_1() {
            assertThat(violationsAfter(d -> d.put("schema", "lantaarn.config/2")))
                    .containsExactly(new Violation("schema", "must be lantaarn.config/1"));
            assertThat(violationsAfter(d -> d.remove("schema")))
                    .containsExactly(new Violation("schema", "must be lantaarn.config/1"));
        }

        @Test
        void requires_a_node_id_that_can_be_a_topic_segment() {
            for (String bad : new String[] {"lp 1", "lp/1", "-lp", "", "x".repeat(65), "lp+"}) {
                assertThat(violationsAfter(d -> d.put("node", bad))).as(bad).containsExactly(
                        new Violation("node", "must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit"));
            }
            assertThat(violationsAfter(d -> d.remove("node"))).containsExactly(new Violation("node", "is required"));
        }

        @Test
        void asks_for_quotes_when_a_node_id_is_written_as_a_number() {
            assertThat(violationsAfter(d -> d.put("node", 42)))
                    .containsExactly(new Violation("node", "must be text (put it in quotes)"));
        }

        @Test
        void requires_a_valid_site_id() {
            assertThat(violationsAfter(d -> d.put("site", "den bosch"))).extracting(Violation::path).containsExactly("site");
            assertThat(violationsAfter(d -> d.remove("site"))).containsExactly(new Violation("site", "is required"));
        }

        @Test
        void requires_a_version_of_at_least_one_written_as_an_integer() {
            assertThat(violationsAfter(d -> d.put("version", 0))).containsExactly(new Violation("version", "must be at least 1"));
            assertThat(violationsAfter(d -> d.put("version", "three"))).containsExactly(new Violation("version", "must be an integer"));
            assertThat(violationsAfter(d -> d.put("version", 1.5))).containsExactly(new Violation("version", "must be an integer"));
            assertThat(violationsAfter(d -> d.remove("version"))).containsExactly(new Violation("version", "is required"));
        }

        @Test
        void requires_a_location_on_earth() {
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("location")).put("lat", -90.5)))
                    .containsExactly(new Violation("location.lat", "must be between -90 and 90"));
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("location")).put("lon", 181)))
                    .containsExactly(new Violation("location.lon", "must be between -180 and 180"));
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("location")).put("lat", "north")))
                    .containsExactly(new Violation("location.lat", "must be a number"));
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("location")).remove("lon")))
                    .containsExactly(new Violation("location.lon", "is required"));
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("location")).put("height", "tall")))
                    .containsExactly(new Violation("location.height", "must be a number"));
            assertThat(violationsAfter(d -> d.remove("location"))).containsExactly(new Violation("location", "is required"));
            assertThat(violationsAfter(d -> d.put("location", "Hinthamerstraat")))
                    .containsExactly(new Violation("location", "must be a mapping of fields"));
        }

        @Test
        void requires_purpose_and_legal_ground_for_transparency() {
            assertThat(violationsAfter(d -> d.remove("purpose"))).singleElement().satisfies(v -> {
                assertThat(v.path()).isEqualTo("purpose");
                assertThat(v.message()).startsWith("is required").contains("transparency");
            });
            assertThat(violationsAfter(d -> d.put("legalGround", "   "))).singleElement().satisfies(v -> {
                assertThat(v.path()).isEqualTo("legalGround");
                assertThat(v.message()).startsWith("must not be blank");
            });
        }

        @Test
        void requires_windows_between_one_second_and_one_hour() {
            assertThat(violationsAfter(d -> d.put("window", "2h"))).containsExactly(new Violation("window", "must be between 1s and 1h"));
            assertThat(violationsAfter(d -> d.put("window", "500ms"))).containsExactly(new Violation("window", "must be between 1s and 1h"));
            assertThat(violationsAfter(d -> d.put("window", 0))).containsExactly(new Violation("window", "must be between 1s and 1h"));
        }

        @Test
        void requires_windows_that_divide_a_day_so_they_align_on_the_clock() {
            assertThat(violationsAfter(d -> d.put("window", "7m"))).singleElement().satisfies(v -> {
                assertThat(v.path()).isEqualTo("window");
                assertThat(v.message()).startsWith("must divide a day evenly");
            });
            assertThat(violationsAfter(d -> d.put("window", 7))).extracting(Violation::path).containsExactly("window");
            for (String ok : new String[] {"1s", "1500ms", "90s", "15m", "1h", "3600"}) {
                assertThat(ConfigLoader.parse(validWith(d -> d.put("window", ok)))).as(ok).isInstanceOf(ConfigResult.Valid.class);
            }
        }

        @Test
        void reads_a_window_written_as_whole_seconds() {
            assertThat(valid(ConfigLoader.parse(validWith(d -> d.put("window", 300)))).window()).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void refuses_a_duration_it_cannot_read() {
            for (String bad : new String[] {"5 min", "1.5h", "-1s", "soon", "5M"}) {
                assertThat(violationsAfter(d -> d.put("window", bad))).as(bad).containsExactly(
                        new Violation("window", "must be a duration such as 500ms, 30s, 5m, 1h or 1d (or a whole number of seconds)"));
            }
        }

        @Test
        void refuses_unknown_fields_at_every_level() {
            assertThat(violationsAfter(d -> {
                d.put("colour", "green");
                ((ObjectNode) d.get("location")).put("altitude", 3);
                ((ObjectNode) d.get("uplink")).put("password", "secret");
            })).containsExactly(
                    new Violation("location.altitude", "unknown field"),
                    new Violation("uplink.password", "unknown field"),
                    new Violation("colour", "unknown field"));
        }
    }

    // ------------------------------------------------------------ uplink

    @Nested
    class Uplink {
        @Test
        void requires_a_tcp_or_ssl_broker_uri_with_a_host() {
            for (String bad : new String[] {"http://broker:1883", "broker:1883", "tcp://", "ssl:///path", "mqtt://broker", "tcp://broker:1883/x", "tcp:// broker"}) {
                assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).put("broker", bad).remove("tls"))).as(bad)
                        .singleElement().satisfies(v -> {
                            assertThat(v.path()).isEqualTo("uplink.broker");
                            assertThat(v.message()).startsWith("must be a tcp:// or ssl:// URI");
                        });
            }
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).remove("broker")))
                    .containsExactly(new Violation("uplink.broker", "is required"));
            assertThat(violationsAfter(d -> d.remove("uplink"))).containsExactly(new Violation("uplink", "is required"));
        }

        @Test
        void requires_a_topic_prefix_that_keeps_the_tree_intact() {
            for (String bad : new String[] {"/lantaarn", "lantaarn/", "lantaarn/#", "lantaarn/+/v1", ""}) {
                assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).put("topicPrefix", bad))).as(bad)
                        .extracting(Violation::path).containsExactly("uplink.topicPrefix");
            }
        }

        @Test
        void requires_all_three_tls_files() {
            assertThat(violationsAfter(d -> ((ObjectNode) d.at("/uplink/tls")).remove("key")))
                    .containsExactly(new Violation("uplink.tls.key", "is required"));
        }

        @Test
        void requires_an_ssl_broker_when_tls_files_are_given() {
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).put("broker", "tcp://broker:1883")))
                    .containsExactly(new Violation("uplink.tls", "needs an ssl:// broker"));
        }

        @Test
        void checks_session_expiry_and_outbox_limits() {
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).put("sessionExpiry", "forever")))
                    .extracting(Violation::path).containsExactly("uplink.sessionExpiry");
            assertThat(violationsAfter(d -> ((ObjectNode) d.get("uplink")).put("sessionExpiry", "200000d")))
                    .extracting(Violation::path).containsExactly("uplink.sessionExpiry");
            assertThat(violationsAfter(d -> ((ObjectNode) d.at("/uplink/outbox")).put("maxRows", 0).put("maxBytes", "lots").put("maxAge", "0s")))
                    .containsExactly(
                            new Violation("uplink.outbox.maxRows", "must be at least 1"),
                            new Violation("uplink.outbox.maxBytes", "must be an integer"),
                            new Violation("uplink.outbox.maxAge", "must be at least 1s"));
        }

        @Test
        void fills_in_outbox_limits_that_are_left_out() {
            NodeConfig c = valid(ConfigLoader.parse(validWith(d -> ((ObjectNode) d.at("/uplink/outbox")).remove("maxBytes"))));

            assertThat(c.uplink().outbox().maxBytes()).isEqualTo(OutboxLimits.defaults().maxBytes());
            assertThat(c.uplink().outbox().maxRows()).isEqualTo(100_000);
        }
    }

    // ------------------------------------------------------------ streams

    @Nested
    class Streams {
        @Test
        void requires_at_least_one_stream() {
            assertThat(violationsAfter(d -> d.putArray("streams"))).containsExactly(new Violation("streams", "must list at least one stream"));
            assertThat(violationsAfter(d -> d.remove("streams"))).extracting(Violation::path).containsExactly("streams");
            assertThat(violationsAfter(d -> d.put("streams", "climate"))).containsExactly(new Violation("streams", "must be a list of streams"));
        }

        @Test
        void requires_each_stream_to_be_a_mapping() {
            assertThat(violationsAfter(d -> ((ArrayNode) d.get("streams")).add("rain")))
                    .extracting(Violation::path).containsExactly("streams[2]");
        }

        @Test
        void refuses_a_duplicate_stream_id_at_the_second_occurrence() {
            assertThat(violationsAfter(d -> {
                stream(d, 0).put("id", "air");
                stream(d, 1).put("id", "air");
            })).containsExactly(new Violation("streams[1].id", "duplicate stream id 'air'"));
        }

        @Test
        void refuses_a_stream_named_status_which_would_clash_with_the_twin_status_topic() {
            assertThat(violationsAfter(d -> stream(d, 0).put("id", "status"))).singleElement()
                    .satisfies(v -> assertThat(v.path()).isEqualTo("streams[0].id"));
        }

        @Test
        void requires_a_valid_stream_id() {
            assertThat(violationsAfter(d -> stream(d, 1).put("id", "motion/1"))).extracting(Violation::path).containsExactly("streams[1].id");
            assertThat(violationsAfter(d -> stream(d, 1).remove("id"))).containsExactly(new Violation("streams[1].id", "is required"));
        }

        @Test
        void requires_a_known_sensor_kind() {
            for (String kind : ConfigBinder.SENSOR_KINDS) {
                assertThat(ConfigLoader.parse(validWith(d -> stream(d, 1).put("sensor", kind)))).as(kind).isInstanceOf(ConfigResult.Valid.class);
            }
            assertThat(violationsAfter(d -> stream(d, 0).put("sensor", "thermometer"))).containsExactly(new Violation("streams[0].sensor",
                    "must be one of climate, particulates, sound-level, rain, motion, wifi-presence, people-flow"));
            assertThat(violationsAfter(d -> stream(d, 0).remove("sensor"))).containsExactly(new Violation("streams[0].sensor", "is required"));
        }

        @Test
        void checks_the_window_of_each_stream() {
            assertThat(violationsAfter(d -> addStream(d, "rain", "rain").put("window", "2h")))
                    .containsExactly(new Violation("streams[2].window", "must be between 1s and 1h"));
            assertThat(violationsAfter(d -> addStream(d, "rain", "rain").put("window", "7s")))
                    .extracting(Violation::path).containsExactly("streams[2].window");
        }

        @Test
        void requires_an_interval_between_100ms_and_1h() {
            assertThat(violationsAfter(d -> stream(d, 0).put("interval", "50ms")))
                    .containsExactly(new Violation("streams[0].interval", "must be between 100ms and 1h"));
            assertThat(violationsAfter(d -> stream(d, 0).put("interval", "2h")))
                    .containsExactly(new Violation("streams[0].interval", "must be between 100ms and 1h"));
            assertThat(valid(ConfigLoader.parse(validWith(d -> stream(d, 0).put("interval", "100ms")))).streams().get(0).interval())
                    .isEqualTo(Duration.ofMillis(100));
        }

        @Test
        void keeps_scalar_settings_as_text_and_refuses_nested_ones() {
            NodeConfig c = valid(ConfigLoader.parse(validWith(d -> ((ObjectNode) stream(d, 0).get("settings")).put("enabled", true).put("ratio", 0.5))));
            assertThat(c.streams().get(0).settings()).containsEntry("enabled", "true").containsEntry("ratio", "0.5").containsEntry("bus", "1");

            assertThat(violationsAfter(d -> ((ObjectNode) stream(d, 0).get("settings")).putObject("i2c").put("bus", 1)))
                    .extracting(Violation::path).containsExactly("streams[0].settings.i2c");
            assertThat(violationsAfter(d -> ((ObjectNode) stream(d, 0).get("settings")).putNull("pin")))
                    .containsExactly(new Violation("streams[0].settings.pin", "must have a value"));
            assertThat(violationsAfter(d -> stream(d, 0).put("settings", "bus=1")))
                    .containsExactly(new Violation("streams[0].settings", "must be a mapping of fields"));
        }

        @Test
        void requires_privacy_k_of_at_least_two() {
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("k", 1)))
                    .containsExactly(new Violation("streams[0].privacy.k", "must be at least 2"));
            assertThat(valid(ConfigLoader.parse(validWith(d -> stream(d, 0).putObject("privacy").put("k", 2)))).streams().get(0).privacy().k())
                    .isEqualTo(2);
        }

        @Test
        void requires_a_positive_epsilon() {
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("epsilon", 0)))
                    .containsExactly(new Violation("streams[0].privacy.epsilon", "must be greater than 0"));
            assertThat(valid(ConfigLoader.parse(validWith(d -> stream(d, 0).putObject("privacy").put("epsilon", 0.5)))).streams().get(0).privacy())
                    .isEqualTo(new PrivacyConfig(5, 0.5, Duration.ofMinutes(60)));
        }

        @Test
        void requires_an_epsilon_the_noise_can_be_drawn_for_exactly() {
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("epsilon", 11)))
                    .containsExactly(new Violation("streams[0].privacy.epsilon", "must be at most 10"));
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("epsilon", 0.1234567)))
                    .containsExactly(new Violation("streams[0].privacy.epsilon", "must have at most 6 decimals, so the noise can be drawn exactly"));
        }

        @Test
        void takes_a_probe_clip_from_1_to_1000_defaulting_to_10() {
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("probeClip", 0)))
                    .containsExactly(new Violation("streams[0].privacy.probeClip", "must be between 1 and 1000"));
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("probeClip", 1001)))
                    .containsExactly(new Violation("streams[0].privacy.probeClip", "must be between 1 and 1000"));
            assertThat(valid(ConfigLoader.parse(validWith(d -> stream(d, 0).putObject("privacy").put("probeClip", 4)))).streams().get(0).privacy())
                    .isEqualTo(new PrivacyConfig(5, null, Duration.ofMinutes(60), 4));
            assertThat(PrivacyConfig.defaults().probeClip()).isEqualTo(10);
        }

        @Test
        void requires_key_rotation_of_at_most_a_day() {
            assertThat(violationsAfter(d -> stream(d, 0).putObject("privacy").put("keyRotation", "25h")))
                    .containsExactly(new Violation("streams[0].privacy.keyRotation", "must be at most 24h"));
            assertThat(valid(ConfigLoader.parse(validWith(d -> stream(d, 0).putObject("privacy").put("keyRotation", "1d")))).streams().get(0).privacy().keyRotation())
                    .isEqualTo(Duration.ofHours(24));
        }

        @Test
        void refuses_unknown_fields_in_a_stream_and_its_privacy() {
            assertThat(violationsAfter(d -> {
                stream(d, 0).put("colour", "green");
                stream(d, 1).withObjectProperty("privacy").put("kk", 5);
            })).containsExactly(
                    new Violation("streams[0].colour", "unknown field"),
                    new Violation("streams[1].privacy.kk", "unknown field"));
        }

        @Test
        void keeps_the_schedule_as_written() {
            NodeConfig c = valid(ConfigLoader.parse(validWith(d -> stream(d, 1).put("schedule", "Mon-Fri 07:00-19:00"))));

            assertThat(c.streams().get(1).schedule()).isEqualTo("Mon-Fri 07:00-19:00");
        }

        @Test
        void refuses_a_blank_driver() {
            assertThat(violationsAfter(d -> stream(d, 0).put("driver", " ")))
                    .containsExactly(new Violation("streams[0].driver", "must not be blank"));
        }
    }

    @Test
    void reads_every_duration_form() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("1.5h")).isNull();
        assertThat(Durations.parse("")).isNull();
        assertThat(Durations.parse("9999999999s")).isNull();
        assertThat(Durations.format(Duration.ofMinutes(7))).isEqualTo("7m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
