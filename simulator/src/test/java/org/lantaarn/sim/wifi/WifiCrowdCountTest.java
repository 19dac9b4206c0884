package org.lantaarn.sim.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.privacy.KeyedTokens;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.wifi.CaptureStats;
import org.lantaarn.node.sensor.wifi.PcapReader;
import org.lantaarn.node.window.Window;

/**
 * A simulated crowd counted by the node's real path: pcap bytes → {@link PcapReader} → {@link KeyedTokens}
 * → the presence window. Exact up to 100,000 devices; at 1,000,000 an estimate whose stated error holds,
 * in a bounded table.
 */
class WifiCrowdCountTest {
    private static final Instant AT = Instant.parse("2026-07-21T10:00:10Z");
    private static final Window W = Window.containing(AT, Duration.ofMinutes(1));
    private static final Aggregator SPEC = new Aggregator("wifi", "wifi-presence",
            new SensorDescriptor(SensorDescriptor.Aggregation.PRESENCE, Map.of(), 0, "devices", true,
                    org.lantaarn.node.sensor.wifi.WifiPresenceProvider.disclosures(org.lantaarn.config.PrivacyConfig.DEFAULT_PROBE_CLIP)));

    private record Counted(WindowAggregate aggregate, CaptureStats stats, long bytes) {}

    private static Counted count(InputStream capture) throws IOException {
        KeyedTokens tokens = KeyedTokens.create(Clock.fixed(AT, ZoneOffset.UTC), Duration.ofHours(1));
        PresenceAccumulator acc = (PresenceAccumulator) SPEC.newWindow();
        long[] maxBytes = {0};
        long[] n = {0};
        PcapReader reader = new PcapReader(capture, (nanos, rssi, la, address) -> {
            if (rssi >= -75) {
                acc.device(Instant.ofEpochSecond(0, nanos), tokens.token(address), la, tokens.epochStart());
            }
            if ((++n[0] & 0xffff) == 0) {
                maxBytes[0] = Math.max(maxBytes[0], acc.bytes());
            }
        });
        reader.readAll();
        maxBytes[0] = Math.max(maxBytes[0], acc.bytes());
        return new Counted(((Accumulator) acc).complete(W, false), reader.stats(), maxBytes[0]);
    }

    @ParameterizedTest(name = "{0} devices")
    @ValueSource(ints = {10, 1_000, 100_000})
    void a_simulated_crowd_of_n_distinct_devices_is_counted_exactly(int n) throws IOException {
        Counted c = count(new VirtualWifiCrowd(n, 0.8, 0, 0).distinct(n, 3, AT));

        assertThat(c.stats().probeRequests()).isEqualTo(3L * n);
        assertThat(c.aggregate().values()).containsEntry(PresenceAccumulator.DEVICES, (double) n)
                .containsEntry(PresenceAccumulator.RANDOMISED, Math.ceil(n * 0.8))
                .containsEntry(PresenceAccumulator.PROBES, 3.0 * n);
        assertThat(c.aggregate().quality().flags()).doesNotContain(PresenceAccumulator.ESTIMATED);
    }

    @Test
    void a_million_devices_give_an_estimate_with_its_error_reported_and_memory_within_the_bound() throws IOException {
        int n = 1_000_000;
        Counted c = count(new VirtualWifiCrowd(1, 0.8, 0, 0).distinct(n, 1, AT));

        double estimate = c.aggregate().values().get(PresenceAccumulator.DEVICES);
        String flag = c.aggregate().quality().flags().stream().filter(f -> f.startsWith(PresenceAccumulator.ESTIMATE_RSE))
                .findFirst().orElseThrow();
        double rse = Double.parseDouble(flag.substring(PresenceAccumulator.ESTIMATE_RSE.length(), flag.length() - 1)) / 100;
        System.out.printf("simulated crowd of %,d: estimate %,.0f (error %.3f%%), stated rse %.3f%%, table %,d bytes, bound %,d%n",
                n, estimate, 100 * Math.abs(estimate - n) / n, 100 * rse, c.bytes(), PresenceAccumulator.maxBytes());
        assertThat(c.aggregate().quality().flags()).contains(PresenceAccumulator.ESTIMATED);
        assertThat(Math.abs(estimate - n) / n).isLessThan(4 * rse);
        assertThat(c.bytes()).isLessThanOrEqualTo(PresenceAccumulator.maxBytes());
    }

    @Test
    void a_moving_crowd_with_changing_randomised_addresses_counts_more_addresses_than_people_and_drops_the_far_side() throws IOException {
        VirtualWifiCrowd crowd = VirtualWifiCrowd.cityCentre(7);
        byte[] capture = crowd.capture(AT.minusSeconds(10), Duration.ofSeconds(50), 200);
        Counted c = count(new ByteArrayInputStream(capture));

        double devices = c.aggregate().values().get(PresenceAccumulator.DEVICES);
        assertThat(c.stats().malformed()).isZero();
        assertThat(devices).as("stayers with randomised phones show up under several addresses").isBetween(200.0, 1000.0);
        assertThat(c.aggregate().values().get(PresenceAccumulator.RANDOMISED)).isGreaterThan(c.aggregate().values().get(PresenceAccumulator.GLOBAL));
    }
}
