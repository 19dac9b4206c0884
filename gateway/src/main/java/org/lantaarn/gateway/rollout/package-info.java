/**
 * Configuration rollout: checks a signed configuration an operator pushes (trusted key, signature, schema, size),
 * publishes it retained on the node's config topic and records it as the node's desired configuration; with the
 * node's acks and births the API shows desired version, reported version and last ack.
 */
package org.lantaarn.gateway.rollout;
