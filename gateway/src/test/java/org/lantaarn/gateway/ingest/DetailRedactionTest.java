package org.lantaarn.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Rejection;

class DetailRedactionTest {
    private final JsonCodec codec = new JsonCodec();

    private String detailFor(String topic, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Rejection r = ((Decoded.Rejected) codec.decode(topic, bytes)).rejection();
        return DetailRedaction.redact(r.detail(), bytes, r.reason().code());
    }

    @Test
    void an_unrecognized_token_from_the_payload_is_hidden() {
        String d = detailFor("lantaarn/v1/nodes/n1/health", "AABBCCDDEEFF-mac");
        assertThat(d).doesNotContain("AABBCCDDEEFF").contains("<");
    }

    @Test
    void a_bad_field_value_is_hidden_but_the_field_name_stays() {
        String d = detailFor("lantaarn/v1/nodes/n1/obs/climate", """
                {"schema":"lantaarn.obs/1","node":"n1","stream":"climate","sensor":"x","seq":1,"start":"AA:BB:CC:DD:EE:FF"}""");
        assertThat(d).contains("'start'").doesNotContain("AA:BB:CC");
    }

    @Test
    void a_schema_id_and_mismatching_node_ids_stay_readable() {
        assertThat(detailFor("lantaarn/v1/nodes/n1/health", "{\"schema\":\"lantaarn.obs/9\"}")).contains("'lantaarn.obs/9'");
        assertThat(detailFor("lantaarn/v1/nodes/n1/health", "{\"schema\":\"my secret text\"}")).doesNotContain("my secret text");
        String mismatch = detailFor("lantaarn/v1/nodes/n1/health", codec.encodeToString(org.lantaarn.gateway.Fixtures.health("node-two")));
        assertThat(mismatch).contains("'node-two'").contains("'n1'");
    }
}
