package org.lantaarn.gateway.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ContiguityTest {

    @Test
    void advances_over_a_consecutive_run() {
        assertThat(Contiguity.advance(3, LongStream.of(4, 5, 6).iterator())).isEqualTo(6);
    }

    @Test
    void stops_at_the_first_hole() {
        assertThat(Contiguity.advance(3, LongStream.of(4, 6, 7).iterator())).isEqualTo(4);
        assertThat(Contiguity.advance(3, LongStream.of(5, 6).iterator())).isEqualTo(3);
    }

    @Test
    void stays_put_without_stored_seqs_above() {
        assertThat(Contiguity.advance(9, LongStream.empty().iterator())).isEqualTo(9);
    }
}
