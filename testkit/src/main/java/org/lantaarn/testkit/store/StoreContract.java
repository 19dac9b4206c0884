package org.lantaarn.testkit.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamHealth;
import org.lantaarn.protocol.StreamInfo;

/**
 * What every contract class shares: a fresh, empty store per test from {@link #openEmpty()}, the same store's data
 * opened again by {@link #reopen()}, and protocol messages to store.
 */
public abstract class StoreContract {
    protected static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    protected static final Location LOCATION = new Location(51.6889, 5.3036, 6.0, "lamppost 14, Hinthamerstraat");
    protected final JsonCodec codec = new JsonCodec();
    protected GatewayStore store;

    /** A new store over new, empty data. */
    protected abstract GatewayStore openEmpty();

    /** A new store instance over the data of the last one opened (which the caller closed). */
    protected abstract GatewayStore reopen();

    @BeforeEach
    void openStore() {
        store = openEmpty();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected SequencedResult obs(String node, long seq) {
        return store.storeSequenced(SequencedEntry.of(observation(node, seq), codec, T0));
    }

    protected SequencedResult stored(Gap g) {
        return store.storeSequenced(SequencedEntry.of(g, codec, T0));
    }

    protected List<Long> pendingSeqs(String node) {
        return store.pendingTwin(10_000).stream().filter(p -> p.node().equals(node)).map(PendingTwin::seq).toList();
    }

    protected static Status birth(String node, String site) {
        return new Status(node, Status.State.ONLINE, T0, "0.1.0", 3L, "sha256:abc", site, LOCATION,
                List.of(new StreamInfo("climate", "climate", 60,
                        new PrivacyManifest("air temperature, humidity, pressure", false, null, null, null, "never stored or sent"))));
    }

    protected static Observation observation(String node, long seq) {
        Instant start = T0.plusSeconds(60 * seq);
        return new Observation(node, "climate", "climate", seq, start, start.plusSeconds(60),
                Map.of("temperature", 21.5, "humidity", 55.0), Map.of("temperature", "Cel", "humidity", "%RH"),
                Quality.full(), Privacy.none());
    }

    protected static Gap gap(String node, long seq) {
        Instant from = T0.plusSeconds(60 * seq);
        return new Gap(node, "climate", seq, from, from.plusSeconds(120), 2, "outbox-full");
    }

    protected static Health health(String node, Instant at) {
        return new Health(node, at, 3600, 4, 12L, Map.of("climate", new StreamHealth(0, "ok")), List.of());
    }
}
