package org.lantaarn.gateway.sta;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.sta.StaNode;
import org.lantaarn.sta.StaSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway store as SensorThings sees it: nodes from the fleet records, windows from the stored wire JSON (read in
 * pages of {@link #PAGE}). Reads only; thread-safe as the store is.
 */
public final class StoreStaSource implements StaSource {
    private static final Logger LOG = LoggerFactory.getLogger(StoreStaSource.class);
    static final int PAGE = 10_000;
    private static final Instant EARLIEST = Instant.EPOCH.plus(Duration.ofDays(1));
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final GatewayStore store;
    private final JsonCodec codec;

    public StoreStaSource(GatewayStore store, JsonCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    @Override
    public List<StaNode> nodes() {
        List<StaNode> out = new ArrayList<>();
        for (NodeRecord n : store.nodes()) {
            out.add(new StaNode(n.node(), n.site(), n.location(), n.lastBirth(), n.lastSeen()));
        }
        return out;
    }

    @Override
    public List<Observation> observations(String node, String stream) {
        List<Observation> out = new ArrayList<>();
        Instant from = EARLIEST;
        while (true) {
            List<String> rows = store.observations(node, stream, from, LATEST, PAGE);
            for (String row : rows) {
                if (codec.decode(row.getBytes(StandardCharsets.UTF_8)) instanceof Decoded.Accepted(Observation o)) {
                    out.add(o);
                } else {
                    LOG.error("a stored observation of {}/{} no longer decodes; SensorThings leaves it out", node, stream);
                }
            }
            if (rows.size() < PAGE || out.isEmpty()) {
                return out;
            }
            from = out.getLast().start().plusMillis(1);
        }
    }
}
