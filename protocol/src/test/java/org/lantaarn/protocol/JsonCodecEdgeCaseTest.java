package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link JsonCodec} and the records, each a bug found while writing the schemas and fixed since. */
class JsonCodecEdgeCaseTest {
    private final JsonCodec codec = new JsonCodec();

    @Test
    void rejects_a_payload_with_content_after_the_json_object() {
        byte[] payload = (codec.encodeToString(Samples.receipt()) + "garbage").getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(payload)).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.rejection().reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON));
    }

    @Test
    void round_trips_a_negative_zero_value() {
        Observation o = new Observation("lp-1", "climate", "climate", 1, Samples.START, Samples.END,
                Map.of("temperature_mean", -0.0), Map.of("temperature_mean", "Cel"), Quality.full(), Privacy.none());

        assertThat(codec.decode(codec.encode(o))).isEqualTo(new Decoded.Accepted(o));
    }

    @Test
    void never_encodes_a_status_it_cannot_decode() {
        assertThatThrownBy(() -> new PrivacyManifest("fine dust", false, null, Double.NaN, null, "never stored or sent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new PrivacyManifest("fine dust", false, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawData");
    }

    @Test
    void rejects_a_twin_status_whose_site_differs_from_its_topic() {
        byte[] payload = codec.encode(Samples.twinOffline());

        assertThat(codec.decode("lantaarn/v1/twin/nijmegen/lp-0042/status", payload))
                .isInstanceOfSatisfying(Decoded.Rejected.class,
                        r -> assertThat(r.rejection().reason()).isEqualTo(Rejection.Reason.INVALID_VALUE));
    }

    @Test
    void rejects_a_status_privacy_k_that_does_not_fit_an_int() {
        String json = codec.encodeToString(Samples.birth()).replace("\"k\":5", "\"k\":99999999999");

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.Rejected.class);
    }

    @Test
    void writes_units_in_the_order_the_values_were_given() {
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        Map<String, String> units = new java.util.LinkedHashMap<>();
        for (String name : List.of("t_mean", "t_min", "t_max", "rh_mean", "p_mean", "pm10_max", "pm25_max")) {
            values.put(name, 1.0);
            units.put(name, "count");
        }
        Observation o = new Observation("lp-1", "s", "climate", 1, Samples.START, Samples.END, values, units,
                Quality.full(), Privacy.none());

        assertThat(codec.encodeToString(o)).contains("\"units\":{\"t_mean\":\"count\",\"t_min\":\"count\",\"t_max\":\"count\","
                + "\"rh_mean\":\"count\",\"p_mean\":\"count\",\"pm10_max\":\"count\",\"pm25_max\":\"count\"}");
    }

    @Test
    void refuses_a_time_beyond_the_year_9999_instead_of_overflowing_epoch_milliseconds_downstream() {
        String json = codec.encodeToString(Samples.health()).replace(Samples.health().at().toString(), "+1000000000-01-01T00:00:00Z");

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(Decoded.Rejected.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
            assertThat(r.rejection().detail()).contains("'at'");
        });
    }

    @Test
    void refuses_a_gap_that_claims_to_replace_billions_of_seqs() {
        String json = """
                {"schema":"lantaarn.gap/1","node":"lp-0042","stream":"air","seq":2000000001,
                 "from":"2026-05-01T12:00:00Z","to":"2026-05-01T13:00:00Z","windows":60,"reason":"outbox-full",
                 "replaces":[{"first":1,"last":2000000000}]}""";

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.rejection().detail()).contains("at most " + Gap.MAX_REPLACED));
    }
}
