/**
 * The wire contract between nodes, gateway and twin: topic names, message records and the JSON codec
 * that turns outside bytes into a {@link org.lantaarn.protocol.Decoded} verdict. Everything that crosses
 * MQTT passes through here, in both directions.
 */
package org.lantaarn.protocol;
