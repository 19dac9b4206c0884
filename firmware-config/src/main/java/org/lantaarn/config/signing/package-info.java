/**
 * Signed configuration: operator Ed25519 keys and their ids, signing a {@code lantaarn.config/1} document into a
 * {@code lantaarn.signed-config/1} envelope, and verifying one against the keys a node or gateway trusts. The
 * node's {@code control} package and the gateway's {@code rollout} package come after it.
 */
package org.lantaarn.config.signing;
