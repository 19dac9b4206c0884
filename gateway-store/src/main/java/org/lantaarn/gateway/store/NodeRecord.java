package org.lantaarn.gateway.store;

import java.time.Instant;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Status;

/**
 * What the store holds about one node.
 *
 * @param node           node id
 * @param state          {@code online}, {@code offline}, or {@code unknown} before any status was seen
 * @param lastSeen       when the gateway last received anything from the node
 * @param site           site from the last birth ({@code null} before one)
 * @param location       location from the last birth
 * @param lastBirth      the last status birth ({@code online}), with runtime version, configuration and streams
 * @param lastHealth     the last health report, {@code null} before one
 * @param firstSeq       first seq ever stored for the node ({@code null} before one)
 * @param contiguousSeq  highest seq up to which every seq from {@code firstSeq} is stored
 * @param lastSeq        highest seq stored
 * @param observations   observations stored
 * @param gaps           gaps stored
 * @param duplicates     duplicates received and dropped
 */
public record NodeRecord(String node, String state, Instant lastSeen, String site, Location location, Status lastBirth,
                         Health lastHealth, Long firstSeq, Long contiguousSeq, Long lastSeq, long observations,
                         long gaps, long duplicates) {}
