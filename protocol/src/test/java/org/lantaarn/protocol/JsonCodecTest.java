package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OBS_TOPIC = "lantaarn/v1/nodes/lp-0042/obs/climate";

    private final JsonCodec codec = new JsonCodec();
    private final Topics topics = codec.topics();

    static Stream<Arguments> samples() {
        return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** The topic a message travels on. */
    private String topicOf(Message m) {
        return switch (m) {
            case Observation o when o.site() != null -> topics.twinObs(o.site(), o.node(), o.stream());
            case Observation o -> topics.obs(o.node(), o.stream());
            case Gap g -> topics.obs(g.node(), g.stream());
            case Status s when s.site() != null -> topics.twinStatus(s.site(), s.node());
            case Status s -> topics.status(s.node());
            case Health h -> topics.health(h.node());
            case ConfigAck a -> topics.configAck(a.node());
            case Receipt r -> topics.receipt(r.node());
            case SignedConfig c -> topics.config(c.node());
        };
    }

    private static ObjectNode tree(Message m) {
        return new JsonCodec().toTree(m);
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static Rejection rejection(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) d).rejection();
    }

    // ------------------------------------------------------------ round trips

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decoding_what_it_encoded_gives_the_same_message(String name, Message m) {
        assertThat(codec.decode(codec.encode(m))).isEqualTo(new Decoded.Accepted(m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void accepts_every_message_on_the_topic_it_travels_on(String name, Message m) {
        assertThat(codec.decode(topicOf(m), codec.encode(m))).isEqualTo(new Decoded.Accepted(m));
    }

    @Test
    void writes_schema_first_and_integral_values_without_a_fraction() {
        String json = codec.encodeToString(Samples.climate());

        assertThat(json).startsWith("{\"schema\":\"lantaarn.obs/1\",\"node\":\"lp-0042\"");
        assertThat(json).contains("\"temperature_max\":19,").contains("\"temperature_mean\":18.4,");
    }

    @Test
    void writes_a_suppressed_value_as_null_and_names_it_in_privacy() {
        ObjectNode json = tree(Samples.suppressedWifi());

        assertThat(json.get("values").has("randomised")).isTrue();
        assertThat(json.get("values").get("randomised").isNull()).isTrue();
        assertThat(json.at("/privacy/suppressed/0").textValue()).isEqualTo("randomised");
        assertThat(json.at("/quality/flags").isArray()).isTrue();
        assertThat(json.at("/quality/flags")).isEmpty();
    }

    @Test
    void writes_the_clip_and_the_epsilon_of_each_value_in_privacy() {
        ObjectNode json = tree(Samples.noisedWifi());

        assertThat(json.at("/privacy/clip").intValue()).isEqualTo(10);
        assertThat(json.at("/privacy/epsilons/probes").doubleValue()).isEqualTo(1.0);
        assertThat(tree(Samples.suppressedWifi()).get("privacy").has("clip")).as("no clip where nothing is clipped").isFalse();
    }

    @Test
    void a_health_report_of_an_older_node_loses_its_sample_counts_and_times_when_read() {
        String older = """
                {"schema":"lantaarn.health/1","node":"lp-0042","at":"2026-05-01T12:01:00Z","uptimeSeconds":60,"outboxDepth":0,
                 "oldestUnconfirmedAgeSeconds":null,"heapUsedBytes":31457280,
                 "streams":{"wifi":{"lastSample":"2026-05-01T12:00:41.127Z","samples":3,"faults":0,"state":"ok"}},"alarms":[]}""";
        Health h = (Health) ((Decoded.Accepted) codec.decode(older.getBytes(java.nio.charset.StandardCharsets.UTF_8))).message();

        String again = codec.encodeToString(h); // what the gateway stores and serves
        assertThat(again).doesNotContain("samples").doesNotContain("lastSample").doesNotContain("heapUsedBytes")
                .contains("\"wifi\":{\"faults\":0,\"state\":\"ok\"}");
    }

    @Test
    void writes_a_last_will_without_time_or_optional_fields() {
        ObjectNode json = tree(Samples.lastWill());

        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("schema", "node", "state", "streams");
    }

    @Test
    void reads_a_missing_alarms_list_as_no_alarms() {
        ObjectNode json = tree(Samples.quietHealth());
        json.remove("alarms");

        assertThat(codec.decode(bytes(json))).isEqualTo(new Decoded.Accepted(Samples.quietHealth()));
    }

    // ------------------------------------------------------------ one test per rejection reason

    @Test
    void rejects_a_payload_larger_than_64_KiB() {
        byte[] payload = new byte[JsonCodec.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(payload, (byte) ' ');

        Rejection r = rejection(codec.decode(payload));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
        assertThat(r.detail()).contains(String.valueOf(JsonCodec.MAX_PAYLOAD_BYTES + 1)).contains("65536");
    }

    @Test
    void accepts_a_twin_payload_of_exactly_64_KiB() {
        Observation o = Samples.climate().enriched("den-bosch", null, null);
        String json = codec.encodeToString(o);
        String padded = json + " ".repeat(JsonCodec.MAX_PAYLOAD_BYTES - json.length());

        assertThat(codec.decode(topics.twinObs("den-bosch", o.node(), o.stream()), bytes(padded))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void a_node_topic_accepts_exactly_60_KiB_and_refuses_one_byte_more_leaving_room_for_the_twin_copy() {
        String json = codec.encodeToString(Samples.climate());
        String atLimit = json + " ".repeat(JsonCodec.MAX_NODE_PAYLOAD_BYTES - json.length());

        assertThat(JsonCodec.MAX_NODE_PAYLOAD_BYTES).isEqualTo(60 * 1024);
        assertThat(codec.decode(OBS_TOPIC, bytes(atLimit))).isInstanceOf(Decoded.Accepted.class);
        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(atLimit + " ")));
        assertThat(r.reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
        assertThat(r.detail()).contains("61440");
        for (String topic : List.of(topics.status("lp-0042"), topics.health("lp-0042"), topics.configAck("lp-0042"))) {
            assertThat(rejection(codec.decode(topic, bytes(atLimit + " "))).reason()).as(topic).isEqualTo(Rejection.Reason.TOO_LARGE);
        }
    }

    @Test
    void the_largest_twin_enrichment_fits_the_margin_between_the_node_and_the_twin_limit() {
        String worst = "\u0001";
        Observation bare = Samples.climate();
        Observation enriched = bare.enriched("s".repeat(64),
                new Location(-89.123456789012345, -179.12345678901234, -1.2345678901234567E-100,
                        worst.repeat(Location.MAX_DESCRIPTION_CHARS)),
                java.util.Map.of("sensor", bare.sensor(), "runtimeVersion", worst.repeat(Status.MAX_RUNTIME_VERSION_CHARS),
                        "configVersion", Long.toString(Long.MIN_VALUE)));

        int added = codec.encode(enriched).length - codec.encode(bare).length;

        assertThat(added).isLessThanOrEqualTo(JsonCodec.TWIN_ENRICHMENT_BYTES);
    }

    @Test
    void a_gap_on_a_twin_topic_decodes_though_it_carries_no_site() {
        Gap g = new Gap("lp-0042", "climate", 9, Samples.climate().start(), Samples.climate().end(), 1, "twin-copy-too-large");

        assertThat(codec.decode(topics.twinObs("den-bosch", "lp-0042", "climate"), codec.encode(g))).isEqualTo(new Decoded.Accepted(g));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"status", "health", "config", "receipt", "obs", "ack", "Status"})
    void refuses_a_stream_named_after_a_fixed_topic_level_with_the_reason(String stream) {
        ObjectNode json = tree(Samples.climate());
        json.put("stream", stream);

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("reserved topic level").contains(stream.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void rejects_a_payload_on_a_topic_outside_the_tree() {
        Rejection r = rejection(codec.decode("lantaarn/v1/nodes/lp-0042/telemetry", codec.encode(Samples.climate())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.UNKNOWN_TOPIC);
        assertThat(r.detail()).contains("lantaarn/v1/nodes/lp-0042/telemetry");
    }

    @Test
    void rejects_a_payload_that_is_not_json() {
        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes("{\"schema\": \"lantaarn.obs/1\", ")));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON);
        assertThat(r.detail()).startsWith("not valid JSON");
    }

    @Test
    void rejects_an_empty_payload_as_malformed() {
        assertThat(rejection(codec.decode(OBS_TOPIC, new byte[0])).reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON);
    }

    @Test
    void rejects_a_payload_with_a_duplicate_key_as_malformed() {
        String json = codec.encodeToString(Samples.receipt()).replace("\"seq\":19", "\"seq\":19,\"seq\":20");

        assertThat(rejection(codec.decode(bytes(json))).reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON);
    }

    @Test
    void rejects_a_payload_nested_deeper_than_the_limit_as_malformed() {
        String json = "{\"schema\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThat(rejection(codec.decode(bytes(json))).reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON);
    }

    @Test
    void rejects_json_that_is_not_an_object() {
        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes("[1,2,3]")));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.WRONG_TYPE);
        assertThat(r.detail()).contains("JSON object");
    }

    @Test
    void rejects_a_payload_whose_schema_is_unknown() {
        ObjectNode json = tree(Samples.climate());
        json.put("schema", "lantaarn.obs/2");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.UNKNOWN_SCHEMA);
        assertThat(r.detail()).contains("'lantaarn.obs/2'");
    }

    @Test
    void rejects_a_payload_without_a_schema_field() {
        ObjectNode json = tree(Samples.climate());
        json.remove("schema");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MISSING_FIELD);
        assertThat(r.detail()).contains("'schema'");
    }

    @Test
    void rejects_a_receipt_published_on_an_observation_topic() {
        Rejection r = rejection(codec.decode(OBS_TOPIC, codec.encode(Samples.receipt())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.WRONG_SCHEMA_FOR_TOPIC);
        assertThat(r.detail()).contains("'lantaarn.receipt/1'").contains("obs topic");
    }

    @Test
    void rejects_any_message_on_the_config_topic_which_carries_only_signed_configurations() {
        Rejection r = rejection(codec.decode(topics.config("lp-0042"), codec.encode(Samples.applied())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.WRONG_SCHEMA_FOR_TOPIC);
    }

    @Test
    void decodes_a_signed_configuration_on_the_config_topic_with_its_exact_document_bytes() {
        SignedConfig c = Samples.signedConfig();

        Decoded d = codec.decode(topics.config("lp-0042"), codec.encode(c));

        assertThat(d).isEqualTo(new Decoded.Accepted(c));
        assertThat(((SignedConfig) ((Decoded.Accepted) d).message()).document()).isEqualTo(c.document());
    }

    @Test
    void accepts_a_signed_configuration_larger_than_64_KiB_on_the_config_topic_but_not_elsewhere() {
        byte[] doc = new byte[SignedConfig.MAX_DOCUMENT_BYTES];
        java.util.Arrays.fill(doc, (byte) 'a');
        SignedConfig big = new SignedConfig("lp-0042", 8, "0123456789abcdef", doc, new byte[64]);
        byte[] payload = codec.encode(big);

        assertThat(payload.length).isGreaterThan(JsonCodec.MAX_PAYLOAD_BYTES);
        assertThat(codec.decode(topics.config("lp-0042"), payload)).isInstanceOf(Decoded.Accepted.class);
        assertThat(rejection(codec.decode(topics.health("lp-0042"), payload)).reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
    }

    @Test
    void rejects_a_signed_configuration_whose_document_exceeds_64_KiB_as_too_large() {
        ObjectNode json = tree(Samples.signedConfig());
        json.put("document", java.util.Base64.getEncoder().encodeToString(new byte[SignedConfig.MAX_DOCUMENT_BYTES + 1]));

        Rejection r = rejection(codec.decode(topics.config("lp-0042"), bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
        assertThat(r.detail()).contains("configuration document");
    }

    @Test
    void rejects_a_signed_configuration_with_another_algorithm_or_bad_base64() {
        ObjectNode rsa = tree(Samples.signedConfig());
        rsa.put("algorithm", "RSA");
        ObjectNode garbled = tree(Samples.signedConfig());
        garbled.put("signature", "not base64!");

        assertThat(rejection(codec.decode(topics.config("lp-0042"), bytes(rsa))).detail()).contains("algorithm");
        assertThat(rejection(codec.decode(topics.config("lp-0042"), bytes(garbled))).detail()).contains("signature");
    }

    @Test
    void rejects_an_observation_missing_its_seq() {
        ObjectNode json = tree(Samples.climate());
        json.remove("seq");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo("missing field 'seq'");
    }

    @Test
    void rejects_a_missing_nested_field_naming_its_full_path() {
        ObjectNode json = tree(Samples.climate());
        ((ObjectNode) json.get("quality")).remove("coverage");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo("missing field 'quality.coverage'");
    }

    @Test
    void rejects_a_status_stream_without_a_privacy_manifest_naming_its_index() {
        ObjectNode json = tree(Samples.birth());
        ((ObjectNode) json.at("/streams/1/privacy")).remove("measures");

        Rejection r = rejection(codec.decode(topics.status("lp-0042"), bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo("missing field 'streams[1].privacy.measures'");
    }

    @Test
    void writes_the_seqs_a_gap_replaces_as_ascending_inclusive_ranges() {
        ObjectNode json = tree(Samples.droppedGap());

        assertThat(json.get("replaces").toString())
                .isEqualTo("[{\"first\":20,\"last\":21},{\"first\":24,\"last\":24},{\"first\":27,\"last\":28}]");
        assertThat(tree(Samples.gap()).has("replaces")).as("a gap that replaces nothing leaves the field out").isFalse();
        assertThat(Samples.droppedGap().replacedCount()).isEqualTo(5);
    }

    @Test
    void rejects_a_gap_whose_replaced_seqs_are_not_below_its_own_seq() {
        ObjectNode json = tree(Samples.droppedGap());
        json.put("seq", 28);

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("below the gap's own seq");
    }

    @Test
    void rejects_a_gap_whose_replaced_ranges_overlap_or_run_backwards() {
        ObjectNode overlapping = tree(Samples.droppedGap());
        ((com.fasterxml.jackson.databind.node.ObjectNode) overlapping.get("replaces").get(1)).put("first", 21);
        ObjectNode backwards = tree(Samples.droppedGap());
        ((com.fasterxml.jackson.databind.node.ObjectNode) backwards.get("replaces").get(0)).put("last", 19);

        assertThat(rejection(codec.decode(bytes(overlapping))).detail()).contains("ascending and disjoint");
        assertThat(rejection(codec.decode(bytes(backwards))).detail()).isEqualTo("field 'replaces[0].last' must not be below 'first'");
    }

    @Test
    void turns_seqs_into_the_fewest_ranges_and_back() {
        List<SeqRange> ranges = SeqRange.of(3, 4, 5, 9, 11, 12);

        assertThat(ranges).containsExactly(new SeqRange(3, 5), new SeqRange(9, 9), new SeqRange(11, 12));
        assertThat(SeqRange.seqs(ranges)).containsExactly(3, 4, 5, 9, 11, 12);
    }

    @Test
    void rejects_a_null_required_field_as_missing() {
        ObjectNode json = tree(Samples.gap());
        json.putNull("reason");

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.MISSING_FIELD);
        assertThat(r.detail()).contains("'reason'");
    }

    @Test
    void rejects_a_seq_written_as_text() {
        ObjectNode json = tree(Samples.climate());
        json.put("seq", "17");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.WRONG_TYPE);
        assertThat(r.detail()).isEqualTo("field 'seq' must be an integer");
    }

    @Test
    void rejects_a_seq_with_a_fraction() {
        ObjectNode json = tree(Samples.climate());
        json.put("seq", 17.5);

        assertThat(rejection(codec.decode(OBS_TOPIC, bytes(json))).reason()).isEqualTo(Rejection.Reason.WRONG_TYPE);
    }

    @Test
    void rejects_an_observation_value_written_as_text_naming_the_value() {
        ObjectNode json = tree(Samples.climate());
        ((ObjectNode) json.get("values")).put("temperature_mean", "18.4");

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.WRONG_TYPE);
        assertThat(r.detail()).contains("'values.temperature_mean'");
    }

    @Test
    void rejects_an_observation_whose_end_is_not_after_its_start() {
        ObjectNode json = tree(Samples.climate());
        json.put("end", json.get("start").textValue());

        Rejection r = rejection(codec.decode(OBS_TOPIC, bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("'end'").contains("'start'");
    }

    @Test
    void rejects_a_time_that_is_not_iso_8601() {
        ObjectNode json = tree(Samples.receipt());
        json.put("at", "1 May 2026");

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("'at'").contains("ISO-8601");
    }

    @Test
    void rejects_an_unknown_status_state() {
        ObjectNode json = tree(Samples.birth());
        json.put("state", "sleeping");

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("'state'");
    }

    @Test
    void rejects_a_privacy_k_below_two() {
        ObjectNode json = tree(Samples.suppressedWifi());
        ((ObjectNode) json.get("privacy")).put("k", 1);

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("'privacy.k'");
    }

    @Test
    void rejects_a_coverage_above_one() {
        ObjectNode json = tree(Samples.climate());
        ((ObjectNode) json.get("quality")).put("coverage", 1.5);

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("coverage");
    }

    @Test
    void rejects_a_rejected_config_ack_without_a_reason() {
        ObjectNode json = tree(Samples.rejected());
        json.remove("reason");

        Rejection r = rejection(codec.decode(topics.configAck("lp-0042"), bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("reason");
    }

    @Test
    void rejects_an_invalid_node_id_in_the_payload() {
        ObjectNode json = tree(Samples.receipt());
        json.put("node", "lp/0042");

        Rejection r = rejection(codec.decode(bytes(json)));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).startsWith("node must be");
    }

    @Test
    void rejects_observation_whose_node_differs_from_its_topic() {
        Rejection r = rejection(codec.decode("lantaarn/v1/nodes/lp-0043/obs/climate", codec.encode(Samples.climate())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.NODE_MISMATCH);
        assertThat(r.detail()).contains("'node'").doesNotContain("lp-0042").doesNotContain("lp-0043");
    }

    @Test
    void rejects_a_receipt_for_another_node() {
        Rejection r = rejection(codec.decode(topics.receipt("lp-0043"), codec.encode(Samples.receipt())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.NODE_MISMATCH);
    }

    @Test
    void rejects_observation_whose_stream_differs_from_its_topic() {
        Rejection r = rejection(codec.decode("lantaarn/v1/nodes/lp-0042/obs/air", codec.encode(Samples.climate())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.STREAM_MISMATCH);
        assertThat(r.detail()).contains("'stream'").doesNotContain("climate").doesNotContain("'air'");
    }

    @Test
    void rejects_a_gap_whose_stream_differs_from_its_topic() {
        Rejection r = rejection(codec.decode(topics.obs("lp-0042", "climate"), codec.encode(Samples.gap())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.STREAM_MISMATCH);
        assertThat(r.detail()).contains("'stream'");
    }

    @Test
    void rejects_a_twin_observation_whose_site_differs_from_its_topic() {
        Rejection r = rejection(codec.decode(topics.twinObs("nijmegen", "lp-0042", "climate"), codec.encode(Samples.twinClimate())));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(r.detail()).contains("'site'").doesNotContain("nijmegen");
    }

    @Test
    void checks_the_topic_before_looking_at_the_payload() {
        Rejection r = rejection(codec.decode("other/topic", bytes("not json")));

        assertThat(r.reason()).isEqualTo(Rejection.Reason.UNKNOWN_TOPIC);
    }

    @Test
    void decodes_under_a_custom_prefix() {
        JsonCodec custom = new JsonCodec(new Topics("city/lantaarn"));

        assertThat(custom.decode("city/lantaarn/nodes/lp-0042/receipt", codec.encode(Samples.receipt())))
                .isEqualTo(new Decoded.Accepted(Samples.receipt()));
        assertThat(rejection(custom.decode(topics.receipt("lp-0042"), codec.encode(Samples.receipt()))).reason())
                .isEqualTo(Rejection.Reason.UNKNOWN_TOPIC);
    }
}
