/**
 * The durable outbox: every protected aggregate (or gap) gets its per-node seq here and waits in SQLite
 * until a gateway receipt covers it. Comes after the privacy guard and before the uplink.
 */
package org.lantaarn.node.outbox;
