package org.lantaarn.sta;

import java.util.List;
import org.lantaarn.protocol.Observation;

/**
 * What the SensorThings service reads: the nodes the gateway knows and the windows it stored. The gateway implements
 * it over its store; this module never sees the store itself, so a store split by aggregate only changes the adapter.
 * Implementations are thread-safe; calls are made on the HTTP threads.
 */
public interface StaSource {

    /** Every node the gateway knows, ordered by id. */
    List<StaNode> nodes();

    /** Every stored observation (not gaps) of one stream of one node, in seq order. */
    List<Observation> observations(String node, String stream);
}
