/**
 * The gateway's side of SensorThings: its store seen as a {@link org.lantaarn.sta.StaSource}, and the MQTT
 * extension's feed. Before it: the store and ingest. After it: the {@code sta} module's service (mounted by the HTTP
 * API at {@code /sta/v1.1}) and the broker's {@code v1.1/...} topics.
 */
package org.lantaarn.gateway.sta;
