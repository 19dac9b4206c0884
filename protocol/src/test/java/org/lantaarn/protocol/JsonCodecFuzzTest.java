package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any bytes on any topic: decoding never throws, a rejection always has a reason and a short detail, and whatever is
 * accepted encodes to bytes that decode to the same message (and encode to the same bytes again). In a normal test
 * run Jazzer runs this in regression mode over the seeds in {@code JsonCodecFuzzTestInputs/} (every sample message,
 * and cut, oversized, reserved-name, duplicate-key, deeply nested and overflowing ones); {@code JAZZER_FUZZ=1} fuzzes.
 */
class JsonCodecFuzzTest {
    private static final JsonCodec CODEC = new JsonCodec();
    private static final Topics T = CODEC.topics();
    private static final List<String> TOPICS = List.of(T.obs("lp-0042", "climate"), T.status("lp-0042"), T.health("lp-0042"),
            T.config("lp-0042"), T.configAck("lp-0042"), T.receipt("lp-0042"), T.twinObs("den-bosch", "lp-0042", "climate"),
            T.twinStatus("den-bosch", "lp-0042"));

    @FuzzTest(maxDuration = "20s")
    void decoding_any_bytes_never_throws_and_what_is_accepted_round_trips(byte[] data) {
        check(CODEC.decode(data));
        check(CODEC.decodeSignedConfig(data));
        for (String topic : TOPICS) {
            check(CODEC.decode(topic, data));
        }
    }

    private static void check(Decoded d) {
        switch (d) {
            case Decoded.Rejected(Rejection r) -> {
                assertThat(r.reason()).isNotNull();
                assertThat(r.detail()).isNotBlank().hasSizeLessThan(1000);
            }
            case Decoded.Accepted(Message m) -> {
                byte[] encoded = CODEC.encode(m);
                Decoded again = m instanceof SignedConfig ? CODEC.decodeSignedConfig(encoded) : CODEC.decode(encoded);
                if (encoded.length <= JsonCodec.MAX_PAYLOAD_BYTES || m instanceof SignedConfig) {
                    assertThat(again).as("decode(encode(m)) for %s", m.schema()).isEqualTo(new Decoded.Accepted(m));
                    assertThat(CODEC.encode(((Decoded.Accepted) again).message())).isEqualTo(encoded);
                }
            }
        }
    }
}
