package org.lantaarn.sta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OGC 18-088 {@code req/request-data/filter}: the operators and each built-in function of {@code $filter}, one test
 * per group, named after the function or operator it checks.
 */
class FilteringExtensionTest {
    private final Sta sta = new Sta();

    private List<String> ids(String url) {
        List<String> out = new ArrayList<>();
        sta.get(url).get("value").forEach(v -> out.add(v.get("@iot.id").asText()));
        return out;
    }

    private int count(String set, String filter) {
        return sta.get(set + "?$count=true&$top=0&$filter=" + filter).get("@iot.count").asInt();
    }

    private static final String TEMP1 = "Datastreams('lamp-01:air:temperature.mean')/Observations";

    @Test
    void req_request_data_filter_comparison_operators_eq_ne_gt_ge_lt_le() {
        assertThat(count(TEMP1, "result eq 22")).isEqualTo(1);
        assertThat(count(TEMP1, "result ne 22")).isEqualTo(5);
        assertThat(count(TEMP1, "result gt 22")).isEqualTo(3);
        assertThat(count(TEMP1, "result ge 22")).isEqualTo(4);
        assertThat(count(TEMP1, "result lt 22")).isEqualTo(2);
        assertThat(count(TEMP1, "result le 22")).isEqualTo(3);
        assertThat(ids("Things?$filter=name eq 'lamp-02'")).containsExactly("lamp-02");
    }

    @Test
    void req_request_data_filter_logical_operators_and_or_not_with_parentheses() {
        assertThat(count(TEMP1, "result gt 20 and result lt 23")).isEqualTo(2);
        assertThat(count(TEMP1, "result eq 20 or result eq 25")).isEqualTo(2);
        assertThat(count(TEMP1, "not (result eq 20 or result eq 25)")).isEqualTo(4);
        assertThat(count(TEMP1, "NOT (result eq 20) AND result lt 22")).isEqualTo(1);
        // not binds tighter than eq (OData precedence): (not result) eq 20 is never true
        assertThat(count(TEMP1, "not result eq 20")).isZero();
    }

    @Test
    void req_request_data_filter_arithmetic_operators_add_sub_mul_div_mod() {
        assertThat(count(TEMP1, "result add 1 eq 21")).isEqualTo(1);
        assertThat(count(TEMP1, "result sub 1 eq 19")).isEqualTo(1);
        assertThat(count(TEMP1, "result mul 2 eq 44")).isEqualTo(1);
        assertThat(count(TEMP1, "result div 2 eq 12")).isEqualTo(1);
        assertThat(count(TEMP1, "result mod 2 eq 0")).isEqualTo(3);
        assertThat(count(TEMP1, "(result add 2) mul 2 eq 44")).isEqualTo(1);
    }

    @Test
    void req_request_data_filter_null_matches_suppressed_values() {
        assertThat(ids("Observations?$filter=result eq null")).containsExactly("lamp-01:passers:6:events");
        assertThat(count("Observations", "result ne null")).isEqualTo(35);
    }

    @Test
    void req_request_data_filter_string_functions_substringof_startswith_endswith_length_indexof() {
        assertThat(count("Datastreams", "substringof('temperature', name)")).isEqualTo(2);
        assertThat(count("Datastreams", "startswith(name, 'lamp-02')")).isEqualTo(3);
        assertThat(count("Datastreams", "endswith(name, '.mean')")).isEqualTo(4);
        assertThat(ids("Things?$filter=length(name) eq 7")).hasSize(2);
        assertThat(ids("Things?$filter=indexof(name, '02') eq 5")).containsExactly("lamp-02");
    }

    @Test
    void req_request_data_filter_string_functions_substring_tolower_toupper_trim_concat() {
        assertThat(ids("Things?$filter=substring(name, 5) eq '01'")).containsExactly("lamp-01");
        assertThat(ids("Things?$filter=substring(name, 0, 4) eq 'lamp'")).hasSize(2);
        assertThat(ids("Things?$filter=toupper(name) eq 'LAMP-01'")).containsExactly("lamp-01");
        assertThat(ids("Things?$filter=tolower('LAMP-02') eq name")).containsExactly("lamp-02");
        assertThat(ids("Things?$filter=trim('  lamp-01 ') eq name")).containsExactly("lamp-01");
        assertThat(ids("Things?$filter=concat(concat(name, '@'), properties/site) eq 'lamp-01@denbosch'")).containsExactly("lamp-01");
    }

    @Test
    void req_request_data_filter_date_functions_year_month_day_hour_minute_second() {
        assertThat(count(TEMP1, "year(resultTime) eq 2026 and month(resultTime) eq 5 and day(resultTime) eq 1")).isEqualTo(6);
        assertThat(count(TEMP1, "hour(phenomenonTime) eq 12 and minute(phenomenonTime) eq 3")).isEqualTo(1);
        assertThat(count(TEMP1, "second(resultTime) eq 0 and fractionalseconds(resultTime) eq 0")).isEqualTo(6);
        assertThat(count(TEMP1, "totaloffsetminutes(resultTime) eq 0")).isEqualTo(6);
    }

    @Test
    void req_request_data_filter_date_functions_date_time_now_mindatetime_maxdatetime() {
        assertThat(count(TEMP1, "date(resultTime) eq 2026-05-01")).isEqualTo(6);
        assertThat(count(TEMP1, "resultTime lt now()")).isEqualTo(6);
        assertThat(count(TEMP1, "resultTime gt mindatetime() and resultTime lt maxdatetime()")).isEqualTo(6);
        assertThat(count(TEMP1, "time(resultTime) eq time(2026-05-01T12:02:00Z)")).isEqualTo(1);
    }

    @Test
    void req_request_data_filter_time_comparisons_of_intervals_and_instants_with_durations() {
        assertThat(count(TEMP1, "phenomenonTime ge 2026-05-01T12:03:00Z")).isEqualTo(3);
        assertThat(count(TEMP1, "phenomenonTime le 2026-05-01T12:03:00Z")).isEqualTo(3);
        assertThat(count(TEMP1, "resultTime gt 2026-05-01T12:00:00Z add duration'PT4M'")).isEqualTo(2);
        assertThat(count(TEMP1, "resultTime ge 2026-05-01T14:00:00+02:00")).isEqualTo(6);
    }

    @Test
    void req_request_data_filter_math_functions_round_floor_ceiling() {
        assertThat(count(TEMP1, "round(result div 3) eq 7")).isEqualTo(3);
        assertThat(count(TEMP1, "round(result div 3) eq 8")).isEqualTo(3);
        assertThat(count(TEMP1, "floor(result div 3) eq 7")).isEqualTo(3);
        assertThat(count(TEMP1, "ceiling(result div 3) eq 7")).isEqualTo(2);
    }

    @Test
    void req_request_data_filter_geo_distance_measures_metres_from_a_location() {
        // lamp-02 is about 150 m east of lamp-01
        assertThat(ids("Locations?$filter=geo.distance(location, geography'POINT(5.3080 51.6889)') lt 50")).containsExactly("lamp-01");
        assertThat(ids("Locations?$filter=geo.distance(location, geography'POINT(5.3080 51.6889)') lt 500")).hasSize(2);
        assertThat(count(TEMP1, "geo.distance(FeatureOfInterest/feature, geography'POINT(5.3101 51.6893)') gt 100")).isEqualTo(6);
    }

    @Test
    void req_request_data_filter_st_within_and_geo_intersects_select_lampposts_in_an_area() {
        String box = "geography'POLYGON((5.3070 51.6880, 5.3090 51.6880, 5.3090 51.6900, 5.3070 51.6900, 5.3070 51.6880))'";
        assertThat(ids("Locations?$filter=st_within(location, " + box + ")")).containsExactly("lamp-01");
        assertThat(ids("Locations?$filter=geo.intersects(location, " + box + ")")).containsExactly("lamp-01");
        assertThat(ids("Locations?$filter=st_contains(" + box + ", location)")).containsExactly("lamp-01");
        assertThat(ids("Locations?$filter=st_disjoint(location, " + box + ")")).containsExactly("lamp-02");
        assertThat(ids("Locations?$filter=st_equals(location, geography'POINT(5.3101 51.6893)')")).containsExactly("lamp-02");
        assertThat(sta.error("Locations?$filter=geo.length(geography'LINESTRING(5.3 51.6, 5.31 51.6)') gt 0 and "
                + "st_within(location, geography'POLYGON((1 2))')", 400).get("message").asText()).contains("POLYGON");
    }

    @Test
    void req_request_data_filter_paths_through_navigation_properties_and_json_properties() {
        assertThat(count("Observations", "Datastream/Thing/properties/site eq 'denbosch' and Datastream/ObservedProperty/name eq 'Air temperature'"))
                .isEqualTo(12);
        assertThat(count("Observations", "parameters/privacy/k eq 5")).isEqualTo(12);
        assertThat(count("Observations", "resultQuality/reason eq 'privacy'")).isEqualTo(1);
        assertThat(sta.error("Things?$filter=Datastreams/name eq 'x'", 400).get("message").asText()).contains("Datastreams").contains("set");
    }

    @Test
    void req_request_data_filter_unknown_functions_and_bad_arguments_are_400_naming_them() {
        assertThat(sta.error("Things?$filter=frobnicate(name) eq 1", 400).get("message").asText()).contains("frobnicate");
        assertThat(sta.error("Things?$filter=length(1) eq 1", 400).get("message").asText()).contains("length").contains("string");
        assertThat(sta.error("Things?$filter=year() eq 1", 400).get("message").asText()).contains("year");
        assertThat(sta.error("Things?$filter=name eq 'x", 400).get("message").asText()).contains("$filter");
    }
}
