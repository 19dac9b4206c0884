/**
 * Runs many real node runtimes in one JVM against one broker, each with its own MQTT session and
 * outbox, driven by the virtual sensors; and the one-command demo that adds a gateway with an
 * embedded broker.
 */
package org.lantaarn.sim;
