package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes at all: the reader never throws, never delivers an address that is not 6 bytes, and its counts
 * add up. In a normal test run Jazzer runs this in regression mode over the seeds in
 * {@code PcapReaderFuzzTestInputs/} (valid captures from the golden vectors, cut and bent ones); with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class PcapReaderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void reading_any_bytes_never_throws_and_its_counts_add_up(byte[] data) throws IOException {
        long[] delivered = {0};
        PcapReader reader = new PcapReader(new ByteArrayInputStream(data), (t, rssi, la, address) -> {
            assertThat(address).hasSize(6);
            assertThat((address[0] & 0x02) != 0).isEqualTo(la);
            assertThat(rssi == PcapReader.NO_SIGNAL || (rssi >= -128 && rssi <= 127)).isTrue();
            delivered[0]++;
        });
        reader.readAll();
        CaptureStats s = reader.stats();
        assertThat(s.probeRequests()).isEqualTo(delivered[0]);
        assertThat(s.probeRequests() + s.otherFrames() + s.badFcs()).isLessThanOrEqualTo(s.records());
        assertThat(s.truncated()).isLessThanOrEqualTo(1);
    }
}
