package org.lantaarn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The footprint benchmark's proof that each stream measured: sound windows with LAeq, Wi-Fi windows with devices. */
class PublishedWindowsTest {
    private static final String NODE = "foot-pi";

    private static String obs(String stream, long seq, String values, String units, String flags) {
        return "lantaarn/v1/nodes/" + NODE + "/obs/" + stream + " " + """
                {"schema":"lantaarn.obs/1","node":"%s","stream":"%s","sensor":"sound-level","seq":%d,\
                "start":"2026-05-01T12:00:00Z","end":"2026-05-01T12:00:10Z","values":{%s},"units":{%s},\
                "quality":{"coverage":%s,"flags":[%s]},\
                "privacy":{"k":null,"suppressed":[],"epsilon":null,"keyEpochStart":null}}"""
                .formatted(NODE, stream, seq, values, units, values.isEmpty() ? "0" : "1", flags);
    }

    private static String laeq(long seq) {
        return obs("noise", seq, "\"LAeq\":61.2", "\"LAeq\":\"dB\"", "");
    }

    private static String absent(long seq) {
        return obs("noise", seq, "", "", "\"sensor-absent\",\"no-samples\"");
    }

    private static String gap(long seq) {
        return "lantaarn/v1/nodes/" + NODE + "/obs/noise " + """
                {"schema":"lantaarn.gap/1","node":"%s","stream":"noise","seq":%d,"from":"2026-05-01T12:00:00Z",\
                "to":"2026-05-01T12:05:00Z","windows":5,"reason":"outbox-full"}""".formatted(NODE, seq);
    }

    @Test
    void a_sound_stream_that_published_only_windows_without_levels_and_gaps_fails_the_benchmark() {
        PublishedWindows w = new PublishedWindows(List.of(absent(1), absent(2), gap(3), absent(4)));

        assertThat(w.count(NODE, "noise", "LAeq")).isEqualTo(new PublishedWindows.Count("noise", "LAeq", 0, 4));
        assertThatThrownBy(() -> w.requireMeasured(NODE, Map.of("noise", "LAeq")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream noise: 0 of 4 messages are windows with LAeq");
    }

    @Test
    void a_sound_stream_with_levels_in_most_windows_passes() {
        List<String> lines = new ArrayList<>(List.of(absent(1)));
        for (long s = 2; s <= 5; s++) {
            lines.add(laeq(s));
        }
        lines.add("lantaarn/v1/nodes/other/obs/noise {\"not\":\"counted\"}");

        List<PublishedWindows.Count> counts = new PublishedWindows(lines).requireMeasured(NODE, Map.of("noise", "LAeq"));

        assertThat(counts).containsExactly(new PublishedWindows.Count("noise", "LAeq", 4, 5));
    }

    @Test
    void a_stream_that_measured_in_fewer_than_half_of_its_windows_fails() {
        PublishedWindows w = new PublishedWindows(List.of(laeq(1), absent(2), absent(3)));

        assertThatThrownBy(() -> w.requireMeasured(NODE, Map.of("noise", "LAeq"))).hasMessageContaining("1 of 3");
    }

    @Test
    void a_wifi_stream_must_carry_device_counts_not_just_any_value() {
        PublishedWindows w = new PublishedWindows(List.of(obs("wifi", 1, "\"sightings\":40", "\"sightings\":\"count\"", "")));

        assertThatThrownBy(() -> w.requireMeasured(NODE, Map.of("wifi", "devices"))).hasMessageContaining("with devices");
    }
}
