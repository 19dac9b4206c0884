/**
 * OGC SensorThings API 1.1 (Part 1: Sensing, read-only) over what the gateway stored. Before it: the gateway's
 * store, seen through {@link org.lantaarn.sta.StaSource}. After it: the gateway's HTTP server (at {@code /sta/v1.1})
 * and its broker (the MQTT extension's {@code v1.1/...} topics), which {@link org.lantaarn.sta.StaService} and
 * {@link org.lantaarn.sta.StaMqttMessages} serve without knowing either transport.
 */
package org.lantaarn.sta;
