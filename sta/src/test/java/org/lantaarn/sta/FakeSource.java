package org.lantaarn.sta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamInfo;

/**
 * Two lampposts on Hinthamerstraat ('s-Hertogenbosch), each with a climate stream {@code air} and a motion stream
 * {@code passers} (k = 5), six one-minute windows each from 2026-05-01T12:00Z; the third passers window of lamp-01
 * is suppressed.
 */
final class FakeSource implements StaSource {
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final Location LAMP1 = new Location(51.6889, 5.3080, 6.0, "lamppost 14, Hinthamerstraat");
    static final Location LAMP2 = new Location(51.6893, 5.3101, 6.0, "lamppost 15, Hinthamerstraat");

    private final Map<String, List<Observation>> windows = new LinkedHashMap<>();
    private final List<StaNode> nodes = new ArrayList<>();

    FakeSource() {
        add("lamp-01", LAMP1);
        add("lamp-02", LAMP2);
    }

    private void add(String node, Location at) {
        PrivacyManifest env = new PrivacyManifest("air temperature, humidity and pressure", false, null, null, null, "never stored or sent");
        PrivacyManifest people = new PrivacyManifest("motion events of passers-by", false, 5, null, null, "never stored or sent",
                Map.of("events", "person"), null);
        Status birth = new Status(node, Status.State.ONLINE, T0.minusSeconds(60), "0.1.0", 3L, "abc123", "denbosch", at,
                List.of(new StreamInfo("air", "climate", 60, env), new StreamInfo("passers", "motion", 60, people)));
        nodes.add(new StaNode(node, "denbosch", at, birth, T0.plusSeconds(360)));
        List<Observation> air = new ArrayList<>();
        List<Observation> passers = new ArrayList<>();
        long seq = 1;
        double offset = node.equals("lamp-01") ? 0 : 1;
        for (int i = 0; i < 6; i++) {
            Instant s = T0.plusSeconds(60L * i);
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("temperature.mean", 20.0 + i + offset);
            v.put("humidity.mean", 60.0);
            air.add(new Observation(node, "air", "climate", seq++, s, s.plusSeconds(60), v,
                    Map.of("temperature.mean", "Cel", "humidity.mean", "%RH"), new Quality(0.95, List.of()), Privacy.none()));
            boolean suppressed = node.equals("lamp-01") && i == 2;
            Map<String, Double> e = new LinkedHashMap<>();
            e.put("events", suppressed ? null : 10.0 * (i + 1));
            passers.add(new Observation(node, "passers", "motion", seq++, s, s.plusSeconds(60), e, Map.of("events", "count"),
                    Quality.full(), node.equals("lamp-02")
                            ? new Privacy(5, List.of(), 0.5, null, 3, Map.of("events", 0.25))
                            : new Privacy(5, suppressed ? List.of("events") : List.of(), null, null)));
        }
        windows.put(node + "/air", air);
        windows.put(node + "/passers", passers);
    }

    @Override
    public List<StaNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public List<Observation> observations(String node, String stream) {
        return windows.getOrDefault(node + "/" + stream, List.of());
    }
}
