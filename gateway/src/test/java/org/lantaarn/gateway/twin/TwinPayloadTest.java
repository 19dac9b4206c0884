package org.lantaarn.gateway.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.gateway.Fixtures.LOCATION;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

/** When a twin copy cannot be made, the twin gets a gap under the same seq that says why: never silence. */
class TwinPayloadTest {
    private final JsonCodec codec = new JsonCodec();
    private final TwinPublisher twin = new TwinPublisher(null, null, codec);

    private PendingTwin row(String storedJson) {
        return new PendingTwin("n1", 7, SequencedEntry.Kind.OBSERVATION, "climate", T0, T0.plusSeconds(60), storedJson,
                "den-bosch", LOCATION, "0.1.0", 3L);
    }

    private Gap gapIn(byte[] payload) {
        Decoded d = codec.decode(codec.topics().twinObs("den-bosch", "n1", "climate"), payload);
        assertThat(d).isInstanceOf(Decoded.Accepted.class);
        return (Gap) ((Decoded.Accepted) d).message();
    }

    @Test
    void an_enriched_copy_within_the_limit_is_the_observation_with_site_and_location() {
        byte[] payload = twin.twinPayload(row(codec.encodeToString(observation("n1", 7))));

        Observation o = (Observation) ((Decoded.Accepted) codec.decode(payload)).message();
        assertThat(o.site()).isEqualTo("den-bosch");
        assertThat(o.location()).isEqualTo(LOCATION);
    }

    @Test
    void a_stored_observation_whose_copy_would_exceed_the_twin_limit_reaches_the_twin_as_a_gap_saying_so() {
        // Stored by an earlier version without the node limit's margin: exactly 64 KiB before enrichment.
        Observation bare = new Observation("n1", "climate", "climate", 7, T0, T0.plusSeconds(60), Map.of("t", 1.0),
                Map.of("t", "Cel"), new Quality(1.0, List.of("")), Privacy.none());
        int pad = JsonCodec.MAX_PAYLOAD_BYTES - codec.encode(bare).length;
        Observation full = new Observation("n1", "climate", "climate", 7, T0, T0.plusSeconds(60), Map.of("t", 1.0),
                Map.of("t", "Cel"), new Quality(1.0, List.of("x".repeat(pad))), Privacy.none());

        Gap g = gapIn(twin.twinPayload(row(new String(codec.encode(full), StandardCharsets.UTF_8))));

        assertThat(g.seq()).isEqualTo(7);
        assertThat(g.reason()).isEqualTo(TwinPublisher.TWIN_COPY_TOO_LARGE);
        assertThat(g.from()).isEqualTo(T0);
        assertThat(g.to()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void a_stored_observation_that_no_longer_decodes_reaches_the_twin_as_a_gap_saying_so() {
        Gap g = gapIn(twin.twinPayload(row("{\"schema\":\"lantaarn.obs/1\",\"node\":\"n1\"}")));

        assertThat(g.seq()).isEqualTo(7);
        assertThat(g.reason()).isEqualTo(TwinPublisher.TWIN_COPY_FAILED);
    }
}
