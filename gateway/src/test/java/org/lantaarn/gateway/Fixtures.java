package org.lantaarn.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamHealth;
import org.lantaarn.protocol.StreamInfo;

/** Protocol messages for tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    public static final Location LOCATION = new Location(51.6889, 5.3036, 6.0, "lamppost 14, Hinthamerstraat");

    private Fixtures() {}

    public static Status birth(String node, String site) {
        return new Status(node, Status.State.ONLINE, T0, "0.1.0", 3L, "sha256:abc", site, LOCATION,
                List.of(new StreamInfo("climate", "climate", 60,
                        new PrivacyManifest("air temperature, humidity, pressure", false, null, null, null, "never stored or sent"))));
    }

    public static Observation observation(String node, long seq) {
        Instant start = T0.plusSeconds(60 * seq);
        return new Observation(node, "climate", "climate", seq, start, start.plusSeconds(60),
                Map.of("temperature", 21.5, "humidity", 55.0), Map.of("temperature", "Cel", "humidity", "%RH"),
                Quality.full(), Privacy.none());
    }

    public static Gap gap(String node, long seq) {
        Instant from = T0.plusSeconds(60 * seq);
        return new Gap(node, "climate", seq, from, from.plusSeconds(120), 2, "outbox-full");
    }

    public static Health health(String node) {
        return new Health(node, T0, 3600, 4, 12L, Map.of("climate", new StreamHealth(0, "ok")), List.of());
    }
}
