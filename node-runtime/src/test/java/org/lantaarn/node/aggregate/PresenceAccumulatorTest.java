package org.lantaarn.node.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.window.Window;

class PresenceAccumulatorTest {
    private static final Instant EPOCH = Instant.parse("2026-07-21T10:00:00Z");
    private static final Window W = Window.containing(EPOCH.plusSeconds(30 * 60), Duration.ofMinutes(1));
    private static final Aggregator SPEC = new Aggregator("wifi", "wifi-presence",
            new SensorDescriptor(SensorDescriptor.Aggregation.PRESENCE, Map.of(), 0, "devices", true,
                    org.lantaarn.node.sensor.wifi.WifiPresenceProvider.disclosures(10)));

    @ParameterizedTest(name = "{0} devices")
    @ValueSource(ints = {10, 1_000, 100_000})
    void distinct_devices_are_counted_exactly_up_to_100000_in_a_window(int n) {
        Accumulator acc = SPEC.newWindow();
        SplittableRandom random = new SplittableRandom(n);
        Set<Long> tokens = new HashSet<>();
        while (tokens.size() < n) {
            tokens.add(random.nextLong());
        }
        int randomised = 0;
        for (long t : tokens) {
            boolean la = (t & 3) != 0;
            randomised += la ? 1 : 0;
            acc.device(W.start(), t, la, EPOCH);
            acc.device(W.start().plusSeconds(10), t, la, EPOCH); // seen twice: still one device
        }
        WindowAggregate a = acc.complete(W, false);
        assertThat(a.values()).containsEntry(PresenceAccumulator.DEVICES, (double) n)
                .containsEntry(PresenceAccumulator.RANDOMISED, (double) randomised)
                .containsEntry(PresenceAccumulator.GLOBAL, (double) (n - randomised))
                .containsEntry(PresenceAccumulator.PROBES, 2.0 * n);
        assertThat(a.quality().flags()).isEmpty();
        assertThat(a.keyEpochStart()).isEqualTo(EPOCH);
    }

    @Test
    void one_device_adds_at_most_the_probe_clip_to_probes() {
        Aggregator clipped = new Aggregator("wifi", "wifi-presence", SPEC.descriptor(), org.lantaarn.node.sensor.NodeReadings.NONE, 3);
        Accumulator acc = clipped.newWindow();
        for (int i = 0; i < 500; i++) {
            acc.device(W.start().plusMillis(i), 42L, true, EPOCH); // one chatty device
        }
        acc.device(W.start(), 7L, false, EPOCH);
        acc.device(W.start(), 7L, false, EPOCH);
        WindowAggregate a = acc.complete(W, false);
        assertThat(a.values()).containsEntry(PresenceAccumulator.DEVICES, 2.0).containsEntry(PresenceAccumulator.PROBES, 3.0 + 2.0);
    }

    @Test
    void beyond_the_exact_range_the_count_is_an_estimate_with_its_error_stated_in_fixed_memory() {
        PresenceAccumulator acc = (PresenceAccumulator) SPEC.newWindow();
        SplittableRandom random = new SplittableRandom(1);
        int n = 1_000_000;
        long maxBytes = 0;
        for (int i = 0; i < n; i++) {
            acc.device(W.start(), random.nextLong(), false, EPOCH); // 2^-64 chance of a repeat: distinct
            if ((i & 0xffff) == 0) {
                maxBytes = Math.max(maxBytes, acc.bytes());
            }
        }
        maxBytes = Math.max(maxBytes, acc.bytes());
        WindowAggregate a = acc.complete(W, false);

        double estimate = a.values().get(PresenceAccumulator.DEVICES);
        String rseFlag = a.quality().flags().stream().filter(f -> f.startsWith(PresenceAccumulator.ESTIMATE_RSE)).findFirst().orElseThrow();
        double rse = Double.parseDouble(rseFlag.substring(PresenceAccumulator.ESTIMATE_RSE.length(), rseFlag.length() - 1)) / 100;
        System.out.printf("1,000,000 distinct devices: estimate %.0f, stated rse %.3f%%, device table %d bytes (bound %d)%n",
                estimate, 100 * rse, maxBytes, PresenceAccumulator.maxBytes());
        assertThat(a.quality().flags()).contains(PresenceAccumulator.ESTIMATED);
        assertThat(rse).isBetween(0.001, 0.01);
        assertThat(Math.abs(estimate - n) / n).as("error within four stated standard errors").isLessThan(4 * rse);
        assertThat(maxBytes).isLessThanOrEqualTo(PresenceAccumulator.maxBytes()).isEqualTo(3L * 1024 * 1024);
    }

    @Test
    void the_exact_range_reaches_the_table_capacity_before_any_estimate() {
        PresenceAccumulator acc = (PresenceAccumulator) SPEC.newWindow();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < DistinctDevices.EXACT_UP_TO; i++) {
            acc.device(W.start(), random.nextLong(), false, EPOCH);
        }
        WindowAggregate a = acc.complete(W, false);
        assertThat(a.values().get(PresenceAccumulator.DEVICES)).isEqualTo((double) DistinctDevices.EXACT_UP_TO);
        assertThat(a.quality().flags()).doesNotContain(PresenceAccumulator.ESTIMATED);
    }

    @Test
    void dwell_is_measured_from_the_first_sighting_in_the_key_epoch_and_never_across_a_new_key() {
        var windows = SPEC.windows();
        Accumulator first = windows.get();
        first.device(EPOCH.plusSeconds(60), 1L, true, EPOCH);  // stays 20 min
        first.device(EPOCH.plusSeconds(60), 2L, true, EPOCH);  // stays 2 min
        first.device(EPOCH.plusSeconds(60), 3L, false, EPOCH); // stays 70 min... but the key changes at 60
        first.complete(W, false);

        Accumulator later = windows.get();
        later.device(EPOCH.plusSeconds(21 * 60), 1L, true, EPOCH);
        later.device(EPOCH.plusSeconds(3 * 60), 2L, true, EPOCH);
        later.device(EPOCH.plusSeconds(10 * 60), 4L, false, EPOCH); // new
        WindowAggregate a = later.complete(W, false);
        assertThat(a.values()).containsEntry(PresenceAccumulator.DWELL_LT_5M, 2.0).containsEntry(PresenceAccumulator.DWELL_15_60M, 1.0);

        Accumulator nextEpoch = windows.get();
        Instant epoch2 = EPOCH.plusSeconds(3600);
        nextEpoch.device(EPOCH.plusSeconds(70 * 60), 3L, false, epoch2); // same token value in a new epoch: a new device
        WindowAggregate b = nextEpoch.complete(W, false);
        assertThat(b.values()).containsEntry(PresenceAccumulator.DWELL_LT_5M, 1.0).containsEntry(PresenceAccumulator.DWELL_GT_60M, 0.0);
        assertThat(b.keyEpochStart()).isEqualTo(epoch2);
    }

    @Test
    void a_window_that_sees_two_keys_says_so() {
        Accumulator acc = SPEC.newWindow();
        acc.device(EPOCH, 1L, true, EPOCH);
        acc.device(EPOCH.plusSeconds(3600), 2L, true, EPOCH.plusSeconds(3600));
        assertThat(acc.complete(W, false).quality().flags()).contains(PresenceAccumulator.KEY_ROTATED);
    }

    @Test
    void the_token_table_removes_in_place_without_losing_the_tokens_it_keeps() {
        TokenTable table = new TokenTable(1 << 12);
        SplittableRandom random = new SplittableRandom(9);
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long t = random.nextLong() & 0xfff; // many collisions, and token 0
            table.put(t, (int) t);
            expected.add(t);
        }
        table.removeIf(t -> (t & 1) == 1);
        expected.removeIf(t -> (t & 1) == 1);
        assertThat(table.size()).isEqualTo(expected.size());
        for (long t = 0; t < 0x1000; t++) {
            assertThat(table.get(t)).isEqualTo(expected.contains(t) ? (int) t : TokenTable.ABSENT);
        }
    }
}
