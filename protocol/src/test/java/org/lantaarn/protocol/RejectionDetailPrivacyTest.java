package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rejection detail is logged and stored by the gateway, so it must never repeat what a refused
 * payload carried. This test puts a device address, in the text forms a MAC takes, into every string
 * field of every message type (and into broken JSON) and checks that no detail contains it.
 */
class RejectionDetailPrivacyTest {
    private static final byte[] MAC = {(byte) 0xA4, (byte) 0x5E, 0x60, (byte) 0xC1, 0x07, 0x3B};
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonCodec codec = new JsonCodec();

    static List<String> forms() {
        String hex = HexFormat.of().formatHex(MAC);
        String colon = HexFormat.ofDelimiter(":").formatHex(MAC);
        return List.of(colon, colon.toUpperCase(Locale.ROOT), colon.replace(':', '-'), hex, hex.toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(MAC));
    }

    static List<String[]> payloads() throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String form : forms()) {
            for (Message m : Samples.all().values()) {
                ObjectNode tree = new JsonCodec().toTree(m);
                List<String> fields = new ArrayList<>();
                tree.properties().forEach(e -> {
                    if (e.getValue().isTextual()) {
                        fields.add(e.getKey());
                    }
                });
                for (String field : fields) {
                    ObjectNode copy = tree.deepCopy();
                    copy.put(field, form);
                    out.add(new String[] {form, MAPPER.writeValueAsString(copy)});
                }
            }
            out.add(new String[] {form, "{\"schema\": " + form + "}"});
            out.add(new String[] {form, "{\"schema\": \"lantaarn.obs/1\", \"node\": \"x\"} " + form});
            out.add(new String[] {form, form});
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void no_rejection_detail_repeats_an_address_from_the_payload(String form, String payload) {
        Decoded d = codec.decode("lantaarn/v1/nodes/lp-0042/obs/climate", payload.getBytes(StandardCharsets.UTF_8));

        if (d instanceof Decoded.Rejected(Rejection r)) {
            assertThat(r.detail().toLowerCase(Locale.ROOT)).doesNotContain(form.toLowerCase(Locale.ROOT));
            assertThat(r.detail().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "")).doesNotContain(HexFormat.of().formatHex(MAC));
        }
    }
}
