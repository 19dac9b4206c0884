package org.lantaarn.sta;

import java.time.Instant;
import java.util.Objects;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Status;

/**
 * A node as the SensorThings mapping needs it.
 *
 * @param node      node id
 * @param site      site from the last birth ({@code null} before one)
 * @param location  location from the last birth ({@code null} before one)
 * @param birth     the last status birth, with runtime and configuration version and the streams' privacy manifests
 *                  ({@code null} before one)
 * @param lastSeen  when the gateway last heard from the node ({@code null} if never)
 */
public record StaNode(String node, String site, Location location, Status birth, Instant lastSeen) {
    public StaNode {
        Objects.requireNonNull(node, "node");
    }
}
