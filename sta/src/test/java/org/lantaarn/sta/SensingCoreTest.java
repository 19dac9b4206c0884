package org.lantaarn.sta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantaarn.sta.model.Vocabulary;

/**
 * OGC 18-088 (SensorThings API 1.1, Part 1: Sensing), the Sensing Core and the request-data requirements, each test
 * named after the requirement it checks ({@code req/resource-path/...}, {@code req/request-data/...}).
 */
class SensingCoreTest {
    private final Sta sta = new Sta();
    private static final String DS = "Datastreams('lamp-01:air:temperature.mean')";

    @Test
    void req_resource_path_service_root_lists_every_entity_set_and_the_conformance_classes() {
        JsonNode root = sta.get("");
        List<String> names = new ArrayList<>();
        root.get("value").forEach(v -> {
            names.add(v.get("name").asText());
            assertThat(v.get("url").asText()).isEqualTo(Sta.BASE + "/" + v.get("name").asText());
        });
        assertThat(names).containsExactly("Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors",
                "ObservedProperties", "Observations", "FeaturesOfInterest");
        assertThat(root.at("/serverSettings/conformance").toString())
                .contains("http://www.opengis.net/spec/iot_sensing/1.1/req/request-data")
                .contains("receive-updates-via-mqtt/receive-updates");
        assertThat(root.at("/serverSettings").toString()).contains("mqtt://gw.example:1883");
    }

    @Test
    void req_resource_path_resource_path_to_entities_addresses_every_entity_set() {
        assertThat(sta.get("Things").get("value")).hasSize(2);
        assertThat(sta.get("Locations").get("value")).hasSize(2);
        assertThat(sta.get("HistoricalLocations").get("value")).hasSize(2);
        assertThat(sta.get("FeaturesOfInterest").get("value")).hasSize(2);
        assertThat(sta.get("Sensors").get("value")).extracting(s -> s.get("@iot.id").asText()).containsExactly("climate", "motion");
        assertThat(sta.get("ObservedProperties").get("value")).extracting(s -> s.get("@iot.id").asText())
                .containsExactlyInAnyOrder("temperature", "humidity", "events");
        assertThat(sta.get("Datastreams").get("value")).hasSize(6);
        assertThat(sta.get("Observations?$count=true").get("@iot.count").asInt()).isEqualTo(2 * 6 * 3);
    }

    @Test
    void req_resource_path_resource_path_to_entities_addresses_one_entity_by_its_quoted_string_id() {
        JsonNode thing = sta.get("Things('lamp-01')");
        assertThat(thing.get("@iot.id").asText()).isEqualTo("lamp-01");
        assertThat(thing.get("@iot.selfLink").asText()).isEqualTo(Sta.BASE + "/Things('lamp-01')");
        assertThat(thing.get("Datastreams@iot.navigationLink").asText()).isEqualTo(Sta.BASE + "/Things('lamp-01')/Datastreams");
        assertThat(sta.error("Things('lamp-99')", 404).get("message").asText()).contains("lamp-99");
        assertThat(sta.error("Lampposts", 404).get("message").asText()).contains("Lampposts");
    }

    @Test
    void req_resource_path_navigation_follows_set_and_single_valued_navigation_properties() {
        assertThat(sta.get("Things('lamp-01')/Datastreams").get("value")).hasSize(3);
        assertThat(sta.get(DS + "/Thing").get("@iot.id").asText()).isEqualTo("lamp-01");
        assertThat(sta.get(DS + "/Sensor").get("@iot.id").asText()).isEqualTo("climate");
        assertThat(sta.get(DS + "/ObservedProperty/Datastreams").get("value")).hasSize(2);
        assertThat(sta.get("Things('lamp-02')/Locations").get("value").get(0).at("/location/coordinates/1").asDouble())
                .isEqualTo(FakeSource.LAMP2.lat());
        assertThat(sta.get("Things('lamp-01')/Datastreams('lamp-01:passers:events')/Observations").get("value")).hasSize(6);
        assertThat(sta.get("Observations('lamp-01:air:1:temperature.mean')/FeatureOfInterest").get("@iot.id").asText())
                .isEqualTo("lamp-01");
    }

    @Test
    void req_resource_path_property_and_value_address_one_property_and_its_raw_value() {
        assertThat(sta.get("Things('lamp-01')/name").get("name").asText()).isEqualTo("lamp-01");
        StaResponse raw = sta.raw("Things('lamp-01')/name/$value");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.contentType()).startsWith("text/plain");
        assertThat(raw.body()).isEqualTo("lamp-01");
        assertThat(sta.raw("Observations('lamp-01:air:1:temperature.mean')/result/$value").body()).isEqualTo("20.0");
    }

    @Test
    void req_resource_path_ref_returns_self_links_only() {
        JsonNode refs = sta.get("Things/$ref");
        assertThat(refs.get("value")).hasSize(2);
        assertThat(refs.get("value").get(0).size()).isEqualTo(1);
        assertThat(refs.get("value").get(0).get("@iot.selfLink").asText()).isEqualTo(Sta.BASE + "/Things('lamp-01')");
        assertThat(sta.get(DS + "/Thing/$ref").get("@iot.selfLink").asText()).isEqualTo(Sta.BASE + "/Things('lamp-01')");
    }

    @Test
    void req_datamodel_thing_carries_site_node_versions_and_the_privacy_manifest() {
        JsonNode p = sta.get("Things('lamp-01')").get("properties");
        assertThat(p.get("site").asText()).isEqualTo("denbosch");
        assertThat(p.get("nodeId").asText()).isEqualTo("lamp-01");
        assertThat(p.get("runtimeVersion").asText()).isEqualTo("0.1.0");
        assertThat(p.get("configVersion").asLong()).isEqualTo(3);
        assertThat(p.at("/privacy/passers/k").asInt()).isEqualTo(5);
        assertThat(p.at("/privacy/passers/rawData").asText()).isEqualTo("never stored or sent");
    }

    @Test
    void req_datamodel_location_is_a_geojson_point_and_the_feature_of_interest_the_same_place() {
        JsonNode l = sta.get("Locations('lamp-01')");
        assertThat(l.get("encodingType").asText()).isEqualTo("application/geo+json");
        assertThat(l.at("/location/type").asText()).isEqualTo("Point");
        assertThat(l.at("/location/coordinates/0").asDouble()).isEqualTo(FakeSource.LAMP1.lon());
        assertThat(sta.get("FeaturesOfInterest('lamp-01')").get("feature")).isEqualTo(l.get("location"));
    }

    @Test
    void req_datamodel_datastream_has_a_ucum_unit_observation_type_and_time_ranges() {
        JsonNode d = sta.get(DS);
        assertThat(d.at("/unitOfMeasurement/symbol").asText()).isEqualTo("Cel");
        assertThat(d.at("/unitOfMeasurement/definition").asText()).isEqualTo(Vocabulary.UCUM);
        assertThat(d.get("observationType").asText()).isEqualTo(Vocabulary.MEASUREMENT);
        assertThat(d.get("phenomenonTime").asText()).isEqualTo("2026-05-01T12:00:00Z/2026-05-01T12:06:00Z");
        assertThat(d.get("resultTime").asText()).isEqualTo("2026-05-01T12:01:00Z/2026-05-01T12:06:00Z");
        JsonNode counts = sta.get("Datastreams('lamp-01:passers:events')");
        assertThat(counts.at("/unitOfMeasurement/symbol").asText()).isEqualTo("{count}");
        assertThat(counts.get("observationType").asText()).isEqualTo(Vocabulary.COUNT_OBSERVATION);
        assertThat(sta.get("Datastreams('lamp-01:air:humidity.mean')").at("/unitOfMeasurement/symbol").asText()).isEqualTo("%");
    }

    @Test
    void req_datamodel_observed_property_definitions_are_public_vocabulary_uris() {
        for (JsonNode p : sta.get("ObservedProperties").get("value")) {
            assertThat(p.get("definition").asText()).matches("http://(vocab\\.nerc\\.ac\\.uk/standard_name|qudt\\.org/vocab/quantitykind)/.+");
        }
    }

    @Test
    void req_datamodel_observation_has_the_window_as_phenomenon_time_and_quality_and_privacy() {
        JsonNode o = sta.get("Observations('lamp-01:air:1:temperature.mean')");
        assertThat(o.get("phenomenonTime").asText()).isEqualTo("2026-05-01T12:00:00Z/2026-05-01T12:01:00Z");
        assertThat(o.get("resultTime").asText()).isEqualTo("2026-05-01T12:01:00Z");
        assertThat(o.get("result").asDouble()).isEqualTo(20.0);
        assertThat(o.at("/resultQuality/coverage").asDouble()).isEqualTo(0.95);
        assertThat(o.at("/parameters/privacy/suppressed").asBoolean()).isFalse();
        assertThat(sta.get("Observations('lamp-01:passers:2:events')").get("result").isIntegralNumber()).isTrue();
    }

    @Test
    void req_datamodel_observation_of_a_suppressed_value_has_a_null_result_and_says_why() {
        JsonNode o = sta.get("Observations('lamp-01:passers:6:events')");
        assertThat(o.get("result").isNull()).isTrue();
        assertThat(o.at("/resultQuality/flags").toString()).contains("\"suppressed\"");
        assertThat(o.at("/resultQuality/reason").asText()).isEqualTo("privacy");
        assertThat(o.at("/parameters/privacy/suppressed").asBoolean()).isTrue();
        assertThat(o.at("/parameters/privacy/k").asInt()).isEqualTo(5);
    }

    @Test
    void req_datamodel_observation_parameters_carry_the_noise_budget_of_the_value_and_the_clip() {
        JsonNode o = sta.get("Observations('lamp-02:passers:2:events')");
        assertThat(o.at("/parameters/privacy/epsilon").asDouble()).isEqualTo(0.25);
        assertThat(o.at("/parameters/privacy/clip").asInt()).isEqualTo(3);
        assertThat(sta.get("Datastreams('lamp-02:passers:events')").at("/properties/disclosure").asText()).isEqualTo("person");
    }

    @Test
    void req_request_data_expand_includes_related_entities_with_their_own_nested_options() {
        JsonNode t = sta.get("Things('lamp-01')?$expand=Datastreams($filter=unitOfMeasurement/symbol eq 'Cel';"
                + "$expand=Observations($orderby=phenomenonTime desc;$top=2;$count=true;$select=result)),Locations");
        assertThat(t.get("Locations")).hasSize(1);
        assertThat(t.get("Datastreams")).hasSize(1);
        JsonNode ds = t.get("Datastreams").get(0);
        assertThat(ds.get("Observations@iot.count").asInt()).isEqualTo(6);
        assertThat(ds.get("Observations")).extracting(o -> o.get("result").asDouble()).containsExactly(25.0, 24.0);
        assertThat(ds.get("Observations").get(0).has("phenomenonTime")).isFalse();
        assertThat(ds.get("Observations@iot.nextLink").asText()).contains("$skip=2");
    }

    @Test
    void req_request_data_expand_accepts_a_path_of_navigation_properties() {
        JsonNode o = sta.get("Observations('lamp-01:air:1:temperature.mean')?$expand=Datastream/Thing");
        assertThat(o.at("/Datastream/Thing/@iot.id").asText()).isEqualTo("lamp-01");
        assertThat(sta.error("Things?$expand=Sensors", 400).get("message").asText()).contains("$expand").contains("Sensors");
    }

    @Test
    void req_request_data_select_returns_only_the_named_properties() {
        JsonNode t = sta.get("Things?$select=name,id");
        assertThat(t.get("value").get(0).size()).isEqualTo(2);
        assertThat(t.get("value").get(0).get("name").asText()).isEqualTo("lamp-01");
        assertThat(sta.error("Things?$select=colour", 400).get("message").asText()).contains("colour");
    }

    @Test
    void req_request_data_orderby_sorts_by_expressions_ascending_and_descending() {
        JsonNode asc = sta.get(DS + "/Observations?$orderby=result");
        assertThat(asc.get("value").get(0).get("result").asDouble()).isEqualTo(20.0);
        JsonNode desc = sta.get("Datastreams?$orderby=Thing/name desc,name asc&$select=name");
        assertThat(desc.get("value").get(0).get("name").asText()).startsWith("lamp-02");
    }

    @Test
    void req_request_data_top_limits_and_skip_skips() {
        assertThat(sta.get(DS + "/Observations?$top=2").get("value")).hasSize(2);
        JsonNode skipped = sta.get(DS + "/Observations?$skip=4");
        assertThat(skipped.get("value")).extracting(o -> o.get("result").asDouble()).containsExactly(24.0, 25.0);
        assertThat(sta.error("Things?$top=-1", 400).get("message").asText()).contains("$top");
    }

    @Test
    void req_request_data_count_counts_every_match_not_only_the_page() {
        JsonNode r = sta.get("Observations?$count=true&$top=1&$filter=result gt 22 and Datastream/unitOfMeasurement/symbol eq 'Cel'");
        assertThat(r.get("@iot.count").asInt()).isEqualTo(3 + 4);
        assertThat(r.get("value")).hasSize(1);
        assertThat(sta.get("Things?$count=false").has("@iot.count")).isFalse();
    }

    @Test
    void req_request_data_pagination_next_link_walks_every_entity_exactly_once() {
        List<String> seen = new ArrayList<>();
        JsonNode page = sta.get("Observations?$top=5&$orderby=id");
        int pages = 1;
        while (true) {
            page.get("value").forEach(o -> seen.add(o.get("@iot.id").asText()));
            if (!page.has("@iot.nextLink")) {
                break;
            }
            page = sta.follow(page.get("@iot.nextLink").asText());
            pages++;
        }
        assertThat(seen).hasSize(36).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(8);
    }

    @Test
    void req_request_data_status_code_is_400_naming_the_offending_part_of_a_bad_query() {
        assertThat(sta.error("Things?$filter=name eq", 400).get("message").asText()).startsWith("$filter at position");
        assertThat(sta.error("Things?$filter=name eq 'x' and colour eq 1", 400).get("message").asText()).contains("colour");
        assertThat(sta.error("Things?$orderby=name sideways", 400).get("message").asText()).contains("$orderby").contains("sideways");
        assertThat(sta.error("Things?$format=xml", 400).get("message").asText()).contains("$format");
        assertThat(sta.error("Things?$expand=Datastreams($top=x)", 400).get("message").asText()).contains("$top");
        assertThat(sta.error("Things?$filter=" + "a".repeat(5000), 400).get("message").asText()).contains("longer");
    }
}
