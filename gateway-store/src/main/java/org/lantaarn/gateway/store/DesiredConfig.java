package org.lantaarn.gateway.store;

import java.time.Instant;

/**
 * The configuration an operator last pushed to a node: what the node should run.
 *
 * @param node    node id
 * @param version the document's version
 * @param sha256  sha256 of the document's bytes
 * @param keyId   the operator key that signed it
 * @param at      when the gateway published it
 * @param by      the operator (token name) who pushed it
 */
public record DesiredConfig(String node, long version, String sha256, String keyId, Instant at, String by) {}
